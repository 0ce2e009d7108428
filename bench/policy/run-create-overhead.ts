// What authentication, RBAC and 100 run.create policies add to `POST /api/v1/runs`: the same
// request through three apps on one database, in interleaved rounds — authentication off with no
// policies; an API key (authentication and the permission check) with no policies; an API key
// with 100 run.create policies (decided, and the decision stored). The worker is off: only the
// request path is timed (validation, the policy gate, the run INSERT with its event).
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { allowAllPolicies } from '../../src/engine/policy-gate.js';
import { startEngine } from '../../src/engine/start-engine.js';
import { generateApiKeySecret } from '../../src/governance/identity/api-key-secret.js';
import { startAuthentication } from '../../src/governance/identity/start-authentication.js';
import { createCelPolicyGate } from '../../src/governance/policies/cel-policy-gate.js';
import { PolicyEngine } from '../../src/governance/policies/policy-engine.js';
import type { PolicyRecord } from '../../src/governance/policies/policy-record.js';
import { createApp } from '../../src/http/create-app.js';
import { defaultTenantId } from '../../src/http/plugins/register-authentication.js';
import { apiKeyStore } from '../../src/store/identity/api-key-store.js';
import { createId } from '../../src/store/ids/create-id.js';
import { loadMigrations } from '../../src/store/migrate-database.js';
import { policyStore } from '../../src/store/policies/policy-store.js';
import { TenantDatabase } from '../../src/store/tenant-database.js';
import { builtInWorkflows } from '../../src/workflows/built-in-workflows.js';
import type { BenchDatabase } from '../bench-database.js';
import { quantile } from '../percentiles.js';

export interface OverheadFigures {
  label: string;
  p50Ms: number;
  p99Ms: number;
}

const rounds = 8;
const requestsPerRound = 150;
const warmupRequests = 300;

/**
 * Saves `policies` (made for `run.create` by the decision bench) for the default tenant, none of
 * which may deny the bench's request: a denied run is a 403 and a different path.
 */
async function savePolicies(database: BenchDatabase, policies: readonly PolicyRecord[]): Promise<void> {
  for (const policy of policies) {
    const saved = await policyStore.insert(database.pool, defaultTenantId, createId(), {
      project_id: null,
      name: policy.id,
      description: '',
      phase: 'run.create',
      // Guarded so that the bench workflow never matches, while every policy is still evaluated in full.
      expression: `run.workflow != "demo-steps" && (${policy.expression})`,
      effect: policy.effect,
      priority: policy.priority,
      mode: policy.mode,
      severity: 'medium',
      approval: null,
      enabled: true,
    });
    if (saved === 'taken') throw new Error(`policy ${policy.id} saved twice`);
  }
}

async function timeRequests(app: FastifyInstance, headers: Record<string, string>, count: number, samples: number[] | undefined): Promise<void> {
  const payload = JSON.stringify({ workflow: 'demo-steps', input: { steps: 1, delayMs: 0 }, metadata: { region: 'eu-west-1', dataClassification: 'internal' } });
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const response = await app.inject({ method: 'POST', url: '/api/v1/runs', headers: { 'content-type': 'application/json', ...headers }, payload });
    const elapsed = performance.now() - started;
    if (response.statusCode !== 201) throw new Error(`POST /api/v1/runs answered ${response.statusCode}: ${response.body}`);
    samples?.push(elapsed);
  }
}

/** Measures the three apps; figures are milliseconds per request, medians of nothing: all samples pooled. */
export async function measureRunCreateOverhead(database: BenchDatabase, policies: readonly PolicyRecord[]): Promise<OverheadFigures[]> {
  const logger = pino({ level: 'silent' });
  const engine = await startEngine(
    { pool: database.pool, connectionString: database.connectionString, logger, workflows: builtInWorkflows },
    { runWorker: false, concurrency: 1, pollIntervalMs: 60_000, leaseSeconds: 30, sweepIntervalMs: 60_000, approvalTimerMs: 60_000, durability: 'async', workerName: 'bench' },
  );
  const migrations = await loadMigrations();
  const tenantDatabase = await TenantDatabase.open(database.pool);
  const base = { pool: database.pool, registry: engine.registry, listener: engine.listener, latestMigrationVersion: migrations.at(-1)?.version ?? 0, version: 'bench', bodyLimitBytes: 1_048_576, heartbeatIntervalMs: 10_000, documentation: false, tenantDatabase, protection: { requestsPerMinute: 0, corsOrigins: [] } };
  const authenticator = await startAuthentication(database.pool, engine.listener);
  const policyEngine = new PolicyEngine(database.pool, logger);
  await policyEngine.start(engine.listener);
  const secret = generateApiKeySecret();
  await apiKeyStore.insert(database.pool, { id: createId(), tenantId: defaultTenantId, name: 'bench', prefix: secret.prefix, secretHash: secret.hash, role: 'developer', projectId: null, createdBy: 'bench', expiresAt: null });
  const keyHeader = { authorization: `Bearer ${secret.key}` };

  const open = await createApp({ ...base, authentication: { mode: 'off' }, policyGate: allowAllPolicies }, logger);
  const authenticated = await createApp({ ...base, authentication: { mode: 'required', authenticator }, policyGate: allowAllPolicies }, logger);
  // Its own tenant's policies: the first two apps' tenant has none until they are saved below.
  const governed = await createApp({ ...base, authentication: { mode: 'required', authenticator }, policyGate: createCelPolicyGate(database.pool, policyEngine), policyEngine }, logger);
  const targets = [
    { label: 'no authentication, no policies', app: open, headers: {} as Record<string, string>, samples: [] as number[] },
    { label: 'API key + RBAC, no policies', app: authenticated, headers: keyHeader, samples: [] as number[] },
    { label: 'API key + RBAC + 100 run.create policies', app: governed, headers: keyHeader, samples: [] as number[] },
  ];
  try {
    // The first two measured before policies exist would see none anyway: their gate allows all.
    await savePolicies(database, policies);
    for (const target of targets) await timeRequests(target.app, target.headers, warmupRequests, undefined);
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) await timeRequests(target.app, target.headers, requestsPerRound, target.samples);
    }
  } finally {
    await Promise.all([open.close(), authenticated.close(), governed.close()]);
    await authenticator.close();
    await policyEngine.close();
    await engine.stop(0);
  }
  return targets.map((target) => {
    const sorted = [...target.samples].sort((left, right) => left - right);
    return { label: target.label, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
  });
}
