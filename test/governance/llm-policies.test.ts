import OpenAI from 'openai';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment, serverEnvironmentSchema } from '../../src/cli/config/server-config.js';
import type { Engine } from '../../src/engine/start-engine.js';
import { resolveGatewayConfig } from '../../src/gateway/config/resolve-gateway-config.js';
import { startLlmGateway, type LlmGateway } from '../../src/gateway/start-llm-gateway.js';
import { createLlmPolicyCheck } from '../../src/governance/policies/create-llm-policy-check.js';
import { PolicyEngine } from '../../src/governance/policies/policy-engine.js';
import { createGovernedTestApp, type GovernedTestApp } from '../../src/testing/create-governed-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import type { MockProviderServer } from '../../src/testing/mock-providers/mock-provider-scenario.js';
import { startOpenAiMockServer } from '../../src/testing/mock-providers/openai-mock-server.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { startTestEngine } from '../../src/testing/start-test-engine.js';

const logger = createTestLogger();
let database: TestDatabase;
let engine: Engine;
let openai: MockProviderServer;
let llm: LlmGateway;
let gatewayPolicies: PolicyEngine;
let governed: GovernedTestApp;
let origin: string;

beforeAll(async () => {
  database = await createTestDatabase();
  openai = await startOpenAiMockServer();
  const environment = parseEnvironment(serverEnvironmentSchema, { OPENAI_API_KEY: 'test-openai-key-5d1c', OPENAI_BASE_URL: openai.baseUrl, AGENTBUS_MODEL_CHAIN: 'openai/gpt-4o-mini', AGENTBUS_RATE_LIMIT_TENANT_RPM: '0', AGENTBUS_RATE_LIMIT_USER_RPM: '0' });
  const config = resolveGatewayConfig(environment, {}, () => '');
  gatewayPolicies = new PolicyEngine(database.pool, logger);
  llm = startLlmGateway({ pool: database.pool, logger, config, policyCheck: createLlmPolicyCheck(database.pool, gatewayPolicies, 4_096) });
  engine = await startTestEngine(database, logger, { runWorker: false });
  await gatewayPolicies.start(engine.listener);
  governed = await createGovernedTestApp(database, engine, logger, { overrides: { llm, documentation: false } });
  await governed.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(governed.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await openai?.close();
  await governed?.close();
  await llm?.close();
  await gatewayPolicies?.close();
  await engine?.stop(0);
  await database?.drop();
});

const client = (key: string) => new OpenAI({ baseURL: `${origin}/v1`, apiKey: key, maxRetries: 0 });
const ask = (key: string, maxTokens = 50) => client(key).chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: maxTokens });

describe('llm.before policies on the OpenAI-compatible endpoint', () => {
  it('needs an Agent Bus key: the official client without one gets 401', async () => {
    await expect(ask('not-a-key')).rejects.toMatchObject({ status: 401 });
  });

  it('denies what a policy denies (403, not retried by the SDK) and allows the rest, each call attributed to the key’s tenant', async () => {
    const { developer, admin } = governed.tenants.first.keys;
    expect((await ask(developer)).choices[0]?.message.content).toBeTruthy();
    const created = await governed.app.inject({
      method: 'POST',
      url: '/api/v1/policies',
      headers: governed.bearer(admin),
      payload: { name: 'developers keep calls small', description: 'Developers may ask for at most 100 output tokens.', phase: 'llm.before', expression: 'principal.role == "developer" && llm.maxOutputTokens > 100 && llm.model == "gpt-4o-mini"', effect: 'deny' },
    });
    expect(created.statusCode, created.body).toBe(201);
    await expect(ask(developer, 500)).rejects.toMatchObject({ status: 403, error: { code: 'POLICY_DENIED' } });
    expect((await ask(developer, 50)).choices).toHaveLength(1);
    expect((await ask(admin, 500)).choices).toHaveLength(1);
    // The second tenant has no such policy.
    expect((await ask(governed.tenants.second.keys.developer, 500)).choices).toHaveLength(1);
    await llm.gateway.drain();
    const { rows } = await database.pool.query<{ tenant_id: string; count: number }>('SELECT tenant_id, count(*)::integer AS count FROM llm_calls GROUP BY tenant_id ORDER BY count DESC');
    // The denied call made no attempt: it has no ledger row.
    expect(rows).toEqual([
      { tenant_id: governed.tenants.first.id, count: 3 },
      { tenant_id: governed.tenants.second.id, count: 1 },
    ]);
    await gatewayPolicies.drain();
    const { rows: decisions } = await database.pool.query<{ effect: string }>(`SELECT effect FROM policy_decisions WHERE phase = 'llm.before' ORDER BY created_at`);
    expect(decisions.map((decision) => decision.effect)).toEqual(['deny', 'allow', 'allow']);
  });
});
