import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import OpenAI, { type ClientOptions } from 'openai';
import { Registry } from 'prom-client';
import { parseEnvironment, serverEnvironmentSchema } from '../../src/cli/config/server-config.js';
import type { Engine } from '../../src/engine/start-engine.js';
import { resolveGatewayConfig } from '../../src/gateway/config/resolve-gateway-config.js';
import { startLlmGateway, type LlmGateway } from '../../src/gateway/start-llm-gateway.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { createTestApp } from '../../src/testing/create-test-app.js';
import { startAnthropicMockServer, type AnthropicMockServer } from '../../src/testing/mock-providers/anthropic-mock-server.js';
import type { MockProviderServer } from '../../src/testing/mock-providers/mock-provider-scenario.js';
import { startOpenAiMockServer } from '../../src/testing/mock-providers/openai-mock-server.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { startTestEngine } from '../../src/testing/start-test-engine.js';

/** The tenant every request of the local anonymous principal acts for. */
export const tenantId = '00000000-0000-0000-0000-000000000001';

// Neither key is shaped like `sk-…`: the shared redaction would miss them, the providers must not.
export const openAiKey = 'test-openai-key-7f3a9c21e4b8d605';
export const anthropicKey = 'test-anthropic-key-2b6e8f14a9c3d750';

/** A row of `llm_calls`, as the tests read it. */
export interface LedgerRow {
  call_id: string;
  attempt: number;
  provider: string;
  model: string;
  status: 'succeeded' | 'failed' | 'aborted';
  error_kind: string | null;
  error_message: string | null;
  streamed: boolean;
  is_fallback: boolean;
  previous_provider: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cost_micros: string | null;
  project_id: string | null;
  user_id: string | null;
  agent: string | null;
  tenant_id: string;
}

/** The Agent Bus API with its LLM gateway on a real socket, in front of mock OpenAI and Anthropic servers. */
export interface GatewayEndpoint {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  openai: MockProviderServer;
  anthropic: AnthropicMockServer;
  llm: LlmGateway;
  database: TestDatabase;
  /** `METHOD url project` of every request the app received, in order. */
  received: string[];
  /**
   * The official OpenAI client pointed at the endpoint; `project` goes in `x-agentbus-project`,
   * which tags the ledger rows of the calls it makes.
   */
  client(project: string, options?: Partial<ClientOptions>): OpenAI;
  /** The ledger rows of a project's calls, once every pending row is written. */
  ledgerOf(project: string): Promise<LedgerRow[]>;
  close(): Promise<void>;
}

/**
 * Starts the endpoint with the default chain openai/gpt-4o-mini → anthropic/claude-haiku-4-5, fast
 * retries, breakers that stay closed, no tenant request limit and `userRequestsPerMinute` per user.
 */
export async function startGatewayEndpoint(settings: { userRequestsPerMinute: number }): Promise<GatewayEndpoint> {
  const logger = createTestLogger();
  const database = await createTestDatabase();
  const openai = await startOpenAiMockServer();
  const anthropic = await startAnthropicMockServer();
  const environment = parseEnvironment(serverEnvironmentSchema, {
    OPENAI_API_KEY: openAiKey,
    OPENAI_BASE_URL: openai.baseUrl,
    ANTHROPIC_API_KEY: anthropicKey,
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    AGENTBUS_MODEL_CHAIN: 'openai/gpt-4o-mini,anthropic/claude-haiku-4-5',
    AGENTBUS_RATE_LIMIT_TENANT_RPM: '0',
    AGENTBUS_RATE_LIMIT_USER_RPM: String(settings.userRequestsPerMinute),
    AGENTBUS_CONFIG: 'agentbus.yaml',
  });
  const config = resolveGatewayConfig(environment, {}, () => 'gateway: { retryBaseDelayMs: 5, breakerFailureThreshold: 100 }\n');
  const metrics = new Registry();
  const llm = startLlmGateway({ pool: database.pool, logger, config, metrics });
  const engine: Engine = await startTestEngine(database, logger, { runWorker: false });
  const app: FastifyInstance = await createTestApp(database, engine, logger, { documentation: false, llm, metrics });
  const received: string[] = [];
  app.addHook('onRequest', async (request) => {
    received.push(`${request.method} ${request.url} ${String(request.headers['x-agentbus-project'] ?? '')}`);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  return {
    origin,
    openai,
    anthropic,
    llm,
    database,
    received,
    client: (project, options = {}) => new OpenAI({ baseURL: `${origin}/v1`, apiKey: 'none', maxRetries: 0, ...options, defaultHeaders: { 'x-agentbus-project': project, ...options.defaultHeaders } }),
    async ledgerOf(project) {
      await llm.gateway.drain();
      const { rows } = await database.pool.query<LedgerRow>('SELECT * FROM llm_calls WHERE project_id = $1 ORDER BY started_at, attempt', [project]);
      return rows;
    },
    async close() {
      // The mocks first: closing them ends any provider stream still open, so the app can close.
      await Promise.all([openai.close(), anthropic.close()]);
      await app.close();
      await llm.close();
      await engine.stop(0);
      await database.drop();
    },
  };
}
