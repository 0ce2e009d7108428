// A local Agent Bus whose runs call mock providers through the real gateway: one database, engine
// and API per test file, and a fresh gateway (breakers, ledger writer) with fresh mock providers
// per test, swapped in under the engine's node models so tests do not share breaker state.
import type { FastifyInstance } from 'fastify';
import { stringify as toYaml } from 'yaml';
import { parseEnvironment, serverEnvironmentSchema } from '../../src/cli/config/server-config.js';
import type { RunEvent } from '../../src/contracts/run-event.js';
import type { Run } from '../../src/contracts/run.js';
import type { NodeModels } from '../../src/engine/node-models.js';
import { startEngine, type Engine } from '../../src/engine/start-engine.js';
import { resolveGatewayConfig } from '../../src/gateway/config/resolve-gateway-config.js';
import { startLlmGateway, type LlmGateway } from '../../src/gateway/start-llm-gateway.js';
import { createTestApp } from '../../src/testing/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { startAnthropicMockServer, type AnthropicMockServer } from '../../src/testing/mock-providers/anthropic-mock-server.js';
import type { MockProviderServer } from '../../src/testing/mock-providers/mock-provider-scenario.js';
import { startOpenAiMockServer } from '../../src/testing/mock-providers/openai-mock-server.js';
import { createRunThroughApi, getRunThroughApi, waitForRunEnd } from '../../src/testing/run-api.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { testEngineOptions } from '../../src/testing/start-test-engine.js';
import { builtInWorkflows } from '../../src/workflows/built-in-workflows.js';

/** The default tenant, which runs created through the API belong to. */
export const tenantId = '00000000-0000-0000-0000-000000000001';

/** Provider A of every chain here, served by the OpenAI mock. */
export const providerA = 'openai/gpt-4o-mini';
/** Provider B, served by the Anthropic mock. */
export const providerB = 'anthropic/claude-haiku-4-5';

/** A request the architect reads without questions, so runs need no input gate. */
export const architectRequest = 'Real-time fraud detection on AWS, p99 under 100 ms, 10,000 requests per second, PCI DSS, budget $15,000 per month.';

/** One `llm_calls` row, as the tests read it. */
export interface LedgerRow {
  call_id: string;
  attempt: number;
  step_id: string | null;
  agent: string | null;
  provider: string;
  model: string;
  status: 'succeeded' | 'failed' | 'aborted';
  error_kind: string | null;
  is_fallback: boolean;
  previous_provider: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_micros: number | null;
}

/** The mocks and gateway of one test. */
export interface GatewayUnderTest {
  llm: LlmGateway;
  /** Provider A (`openai`). */
  openai: MockProviderServer;
  /** Provider B (`anthropic`). */
  anthropic: AnthropicMockServer;
}

/** What the gateway configuration file of a test says besides its providers' addresses. */
export interface GatewayTestConfig {
  chain?: string[];
  gateway?: Record<string, number | boolean>;
  /** `timeoutMs` of provider A (the OpenAI mock). */
  providerTimeoutMs?: number;
  /** Chains of single mlops-architect agents (node names), as the file's `workflows.mlops-architect.agents`. */
  agentChains?: Record<string, string[]>;
}

/** The shared part: database, engine, API; `useGateway` gives each test its own gateway and mocks. */
export interface GatewayRunHarness {
  database: TestDatabase;
  engine: Engine;
  app: FastifyInstance;
  /** Starts mocks and a gateway configured like `agentbus serve` would be, and makes runs use it. */
  useGateway(config?: GatewayTestConfig): Promise<GatewayUnderTest>;
  /** Starts an mlops-architect run and waits for it to end (gates approved), then for its ledger. */
  runArchitect(gatewayUnderTest: GatewayUnderTest): Promise<Run>;
  ledgerOf(runId: string): Promise<LedgerRow[]>;
  eventsOf(runId: string): Promise<RunEvent[]>;
  close(): Promise<void>;
}

/** Starts the shared part of a gateway run test file. */
export async function startGatewayRunHarness(): Promise<GatewayRunHarness> {
  const logger = createTestLogger();
  const database = await createTestDatabase();
  const current: { gateway?: GatewayUnderTest } = {};
  // Runs ask whichever gateway the current test started.
  const models: NodeModels = { forNode: (scope) => current.gateway?.llm.nodeModels?.forNode(scope) };
  const engine = await startEngine({ pool: database.pool, connectionString: database.connectionString, logger, workflows: builtInWorkflows, models }, testEngineOptions);
  const app = await createTestApp(database, engine, logger);

  async function stopGateway(): Promise<void> {
    const previous = current.gateway;
    current.gateway = undefined;
    if (!previous) return;
    await previous.llm.close();
    await Promise.all([previous.openai.close(), previous.anthropic.close()]);
  }

  return {
    database,
    engine,
    app,
    async useGateway(config = {}) {
      await stopGateway();
      const [openai, anthropic] = await Promise.all([startOpenAiMockServer(), startAnthropicMockServer()]);
      const file = {
        providers: { openai: { timeoutMs: config.providerTimeoutMs ?? 10_000 }, anthropic: { timeoutMs: 10_000 } },
        gateway: { retryBaseDelayMs: 5, maxRetries: 1, ...config.gateway },
        ...(config.agentChains ? { workflows: { 'mlops-architect': { agents: config.agentChains } } } : {}),
      };
      const environment = parseEnvironment(serverEnvironmentSchema, {
        OPENAI_API_KEY: 'sk-test-0123456789abcdefghij',
        OPENAI_BASE_URL: openai.baseUrl,
        ANTHROPIC_API_KEY: 'sk-ant-test-0123456789abcdefghij',
        ANTHROPIC_BASE_URL: anthropic.baseUrl,
        AGENTBUS_MODEL_CHAIN: (config.chain ?? [providerA, providerB]).join(','),
        AGENTBUS_CONFIG: 'gateway-runs.yaml',
        // Several runs a test make more LLM calls a minute than the default tenant limit allows.
        AGENTBUS_RATE_LIMIT_TENANT_RPM: '0',
      });
      const llm = startLlmGateway({
        pool: database.pool,
        logger,
        config: resolveGatewayConfig(environment, {}, () => toYaml(file)),
        onRunEvents: (appended) => appended.forEach(({ runId, lastSeq }) => engine.announcer.announce(runId, lastSeq)),
      });
      current.gateway = { llm, openai, anthropic };
      return current.gateway;
    },
    async runArchitect(gatewayUnderTest) {
      const run = await createRunThroughApi(app, { workflow: 'mlops-architect', input: { request: architectRequest, finalGateTimeoutSeconds: 1 } });
      await waitForRunEnd(app, run.id, { approveGates: true });
      // The ledger, its llm-call events and the run's totals are written after the answers went out.
      await gatewayUnderTest.llm.gateway.drain();
      return getRunThroughApi(app, run.id);
    },
    async ledgerOf(runId) {
      const { rows } = await database.pool.query<LedgerRow>('SELECT * FROM llm_calls WHERE run_id = $1 ORDER BY started_at, attempt', [runId]);
      return rows.map((row) => ({ ...row, cost_micros: row.cost_micros === null ? null : Number(row.cost_micros) }));
    },
    async eventsOf(runId) {
      return (await app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/events?limit=1000` })).json<{ items: RunEvent[] }>().items;
    },
    async close() {
      await app.close();
      await engine.stop(1_000);
      await stopGateway();
      await database.drop();
    },
  };
}
