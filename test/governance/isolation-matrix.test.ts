import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval } from '../../src/contracts/approval.js';
import type { ErrorCode } from '../../src/core/error-catalogue.js';
import type { Engine } from '../../src/engine/start-engine.js';
import { apiKeyPrefixOf } from '../../src/governance/identity/api-key-secret.js';
import { saveArtifact } from '../../src/store/artifacts/save-artifact.js';
import { createId } from '../../src/store/ids/create-id.js';
import { policyDecisionStore } from '../../src/store/policies/policy-decision-store.js';
import { createGovernedTestApp, type GovernedTestApp, type TestTenant } from '../../src/testing/create-governed-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { startTestEngine } from '../../src/testing/start-test-engine.js';
import { waitUntil } from '../../src/testing/wait-until.js';

/** One of each resource a tenant owns, made through the API (or the store, for artifacts and ledger rows). */
interface TenantResources {
  /** A hello-approval run parked at its gate. */
  waitingRunId: string;
  /** A hello-approval run cancelled at its gate: what a retry would requeue. */
  cancelledRunId: string;
  approvalId: string;
  artifactId: string;
  projectId: string;
  keyId: string;
  ownerKeyId: string;
  userId: string;
  ownerUserId: string;
  policyId: string;
  violationId: string;
  budgetId: string;
}

/** A route of the app called on the first tenant's resources with the second tenant's credentials. */
interface IsolationCase {
  targets: (first: TenantResources) => string[];
  code: ErrorCode;
  payload?: Record<string, unknown>;
}

const runCase: IsolationCase = { targets: (first) => [first.waitingRunId, first.cancelledRunId], code: 'RUN_NOT_FOUND' };

/**
 * Every route with a path parameter. Bodies are valid, so that only the tenant check can refuse
 * them. `GET /api/v1/workflows/:name` is missing on purpose: workflows are built in and shared
 * by every tenant (`skippedRoutes`).
 */
const isolationCases: Record<string, IsolationCase> = {
  'GET /api/v1/runs/:id': runCase,
  'POST /api/v1/runs/:id/cancel': { targets: (first) => [first.waitingRunId], code: 'RUN_NOT_FOUND' },
  'POST /api/v1/runs/:id/retry': { targets: (first) => [first.cancelledRunId], code: 'RUN_NOT_FOUND' },
  'GET /api/v1/runs/:id/steps': runCase,
  'GET /api/v1/runs/:id/events': runCase,
  'GET /api/v1/runs/:id/stream': runCase,
  'GET /api/v1/runs/:id/artifacts': runCase,
  'GET /api/v1/approvals/:id': { targets: (first) => [first.approvalId], code: 'APPROVAL_NOT_FOUND' },
  'POST /api/v1/approvals/:id/decision': { targets: (first) => [first.approvalId], code: 'APPROVAL_NOT_FOUND', payload: { decision: 'reject', comment: 'from another tenant' } },
  'GET /api/v1/artifacts/:id/content': { targets: (first) => [first.artifactId], code: 'ARTIFACT_NOT_FOUND' },
  'DELETE /api/v1/keys/:id': { targets: (first) => [first.keyId, first.ownerKeyId], code: 'API_KEY_NOT_FOUND' },
  'PATCH /api/v1/users/:id': {
    targets: (first) => [first.userId, first.ownerUserId],
    code: 'USER_NOT_FOUND',
    payload: { name: 'taken over', role: 'viewer', password: 'a password from another tenant', disabled: true },
  },
  'GET /api/v1/projects/:id': { targets: (first) => [first.projectId], code: 'PROJECT_NOT_FOUND' },
  'PATCH /api/v1/projects/:id': { targets: (first) => [first.projectId], code: 'PROJECT_NOT_FOUND', payload: { name: 'renamed by another tenant' } },
  'DELETE /api/v1/projects/:id': { targets: (first) => [first.projectId], code: 'PROJECT_NOT_FOUND' },
  'GET /api/v1/policies/:id': { targets: (first) => [first.policyId], code: 'POLICY_NOT_FOUND' },
  'PUT /api/v1/policies/:id': {
    targets: (first) => [first.policyId],
    code: 'POLICY_NOT_FOUND',
    payload: { name: 'rewritten by another tenant', phase: 'run.create', expression: 'true', effect: 'deny' },
  },
  'DELETE /api/v1/policies/:id': { targets: (first) => [first.policyId], code: 'POLICY_NOT_FOUND' },
  'PATCH /api/v1/violations/:id': { targets: (first) => [first.violationId], code: 'VIOLATION_NOT_FOUND', payload: { status: 'resolved', resolution: 'by another tenant' } },
  'GET /api/v1/budgets/:id': { targets: (first) => [first.budgetId], code: 'BUDGET_NOT_FOUND' },
  'PATCH /api/v1/budgets/:id': { targets: (first) => [first.budgetId], code: 'BUDGET_NOT_FOUND', payload: { limitUsd: 1_000_000, softThreshold: 1 } },
  'DELETE /api/v1/budgets/:id': { targets: (first) => [first.budgetId], code: 'BUDGET_NOT_FOUND' },
};

/** Parameterised routes with no tenant data behind them. */
const skippedRoutes = new Set([
  'GET /api/v1/workflows/:name',
  // Keyed by a shared workflow name, not a tenant's id: budgets.test.ts checks the forecast reads only the caller's tenant's runs.
  'GET /api/v1/workflows/:name/forecast',
]);

/** The tenant tables row-level security guards, and the two that follow their run. */
const tenantTables = ['runs', 'approvals', 'artifacts', 'projects', 'api_keys', 'users', 'audit_log', 'llm_calls', 'policies', 'policy_decisions', 'violations', 'budgets'];
const runChildTables = ['steps', 'run_events'];

const logger = createTestLogger();
const routes: { method: string; url: string }[] = [];
let database: TestDatabase;
let engine: Engine;
let governed: GovernedTestApp;
let first: TenantResources;
let second: TenantResources;
/** Every id, email and key prefix of the first tenant's rows: none may reach the second tenant. */
let firstTenantMarks: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  // The worker runs: runs reach their approval gate for real, with steps and events.
  engine = await startTestEngine(database, logger);
  governed = await createGovernedTestApp(database, engine, logger, {
    onRoute: (route: RouteOptions) => routes.push(...[route.method].flat().map((method) => ({ method, url: route.url }))),
  });
  first = await createResources(governed.tenants.first, 'first');
  second = await createResources(governed.tenants.second, 'second');
  // The audit log is written after each response: wait for the six mutating requests of each tenant.
  for (const tenant of [governed.tenants.first, governed.tenants.second]) {
    await waitUntil(async () => ((await countRows('SELECT count(*) FROM audit_log WHERE tenant_id = $1', [tenant.id])) >= 6 ? true : undefined), 5_000, 'the audit rows');
  }
  firstTenantMarks = await loadMarksOf(governed.tenants.first.id);
});

afterAll(async () => {
  await governed?.close();
  await engine?.stop(500);
  await database?.drop();
});

async function call(method: string, url: string, credential: string, payload?: Record<string, unknown>) {
  return governed.app.inject({ method: method as 'GET', url, headers: governed.bearer(credential), ...(payload === undefined ? {} : { payload }) });
}

async function created<T>(method: string, url: string, credential: string, payload: Record<string, unknown>): Promise<T> {
  const response = await call(method, url, credential, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(201);
  return response.json<T>();
}

async function countRows(sql: string, parameters: unknown[]): Promise<number> {
  const { rows } = await database.pool.query<{ count: string }>(sql, parameters);
  return Number(rows[0]?.count ?? 0);
}

async function createResources(tenant: TestTenant, label: string): Promise<TenantResources> {
  const { developer, owner } = tenant.keys;
  const startGatedRun = async (name: string) => {
    const run = await created<{ id: string }>('POST', '/api/v1/runs', developer, { workflow: 'hello-approval', input: { name, approvalTimeoutSeconds: 3600 } });
    const approval = await waitUntil(
      async () => (await call('GET', `/api/v1/approvals?runId=${run.id}&status=pending`, developer)).json<{ items: Approval[] }>().items[0],
      30_000,
      `the ${label} run to reach its gate`,
    );
    return { runId: run.id, approvalId: approval.id };
  };
  const waiting = await startGatedRun(`${label} tenant`);
  const cancelled = await startGatedRun(`${label} tenant, cancelled`);
  // At its gate the run is not running: the cancel ends it at once, without the worker.
  const cancel = await call('POST', `/api/v1/runs/${cancelled.runId}/cancel`, developer);
  expect(cancel.json()).toMatchObject({ status: 'cancelled' });
  const artifact = await saveArtifact(database.pool, { runId: waiting.runId, name: `${label}-plan.txt`, mediaType: 'text/plain', content: Buffer.from(`for the ${label} tenant only`) });
  const project = await created<{ id: string }>('POST', '/api/v1/projects', owner, { name: `${label} project` });
  const key = await created<{ id: string }>('POST', '/api/v1/keys', owner, { name: `${label} deploy`, role: 'developer' });
  const user = await created<{ id: string }>('POST', '/api/v1/users', owner, { email: `new-${label}-${createId().slice(-8)}@example.test`, role: 'developer', password: `${label} tenant password` });
  await database.pool.query(
    `INSERT INTO llm_calls (id, tenant_id, run_id, call_id, attempt, provider, model, status, price_version, latency_ms, started_at)
     VALUES ($1, $2, $3, $4, 1, 'builtin', 'builtin', 'succeeded', 'test', 1, now())`,
    [createId(), tenant.id, waiting.runId, createId()],
  );
  const ownerKey = await database.pool.query<{ id: string }>('SELECT id FROM api_keys WHERE prefix = $1', [apiKeyPrefixOf(owner)]);
  // A policy that matches nothing here, and a violation recorded against it.
  const policy = await created<{ id: string; name: string }>('POST', '/api/v1/policies', owner, { name: `${label} policy`, phase: 'run.create', expression: 'run.workflow == "no-such-workflow"', effect: 'deny', severity: 'high' });
  const budget = await created<{ id: string }>('POST', '/api/v1/budgets', owner, { scope: 'tenant', period: 'monthly', limitUsd: 100 });
  const violationId = createId();
  await policyDecisionStore.insert(database.pool, [
    {
      id: createId(),
      tenantId: tenant.id,
      phase: 'run.create',
      effect: 'deny',
      shadowEffect: 'deny',
      policyIds: [policy.id],
      matched: [{ policyId: policy.id, effect: 'deny', mode: 'enforce' }],
      errors: [],
      inputHash: `${label}-input`,
      latencyMicros: 1,
      runId: null,
      stepId: null,
      violations: [{ id: violationId, policyId: policy.id, policyName: policy.name, effect: 'deny', mode: 'enforce', severity: 'high' }],
    },
  ]);
  return {
    waitingRunId: waiting.runId,
    cancelledRunId: cancelled.runId,
    approvalId: waiting.approvalId,
    artifactId: artifact.id,
    projectId: project.id,
    keyId: key.id,
    ownerKeyId: ownerKey.rows[0]?.id ?? '',
    userId: user.id,
    ownerUserId: tenant.users.owner.id,
    policyId: policy.id,
    violationId,
    budgetId: budget.id,
  };
}

async function loadMarksOf(tenantId: string): Promise<string[]> {
  const { rows } = await database.pool.query<{ mark: string }>(
    `SELECT id::text AS mark FROM runs WHERE tenant_id = $1
     UNION ALL SELECT steps.id::text FROM steps JOIN runs ON runs.id = steps.run_id WHERE runs.tenant_id = $1
     UNION ALL SELECT id::text FROM approvals WHERE tenant_id = $1
     UNION ALL SELECT id::text FROM artifacts WHERE tenant_id = $1
     UNION ALL SELECT id::text FROM projects WHERE tenant_id = $1
     UNION ALL SELECT id::text FROM api_keys WHERE tenant_id = $1
     UNION ALL SELECT prefix FROM api_keys WHERE tenant_id = $1
     UNION ALL SELECT id::text FROM users WHERE tenant_id = $1
     UNION ALL SELECT email FROM users WHERE tenant_id = $1
     UNION ALL SELECT id::text FROM audit_log WHERE tenant_id = $1
     UNION ALL SELECT id::text FROM llm_calls WHERE tenant_id = $1
     UNION ALL SELECT id::text FROM policies WHERE tenant_id = $1
     UNION ALL SELECT id::text FROM violations WHERE tenant_id = $1
     UNION ALL SELECT id::text FROM budgets WHERE tenant_id = $1
     UNION ALL SELECT $1::text`,
    [tenantId],
  );
  return rows.map((row) => row.mark);
}

/** The first tenant's rows as the server's own login sees them (`last_used_at` aside: the first tenant's own requests touch it). */
async function snapshotFirstTenant(): Promise<Record<string, unknown[]>> {
  const tenantId = governed.tenants.first.id;
  const snapshot: Record<string, unknown[]> = {};
  const queries: Record<string, string> = {
    runs: 'SELECT * FROM runs WHERE tenant_id = $1 ORDER BY id',
    steps: 'SELECT steps.* FROM steps JOIN runs ON runs.id = steps.run_id WHERE runs.tenant_id = $1 ORDER BY steps.id',
    run_events: 'SELECT run_events.* FROM run_events JOIN runs ON runs.id = run_events.run_id WHERE runs.tenant_id = $1 ORDER BY run_events.run_id, run_events.seq',
    approvals: 'SELECT * FROM approvals WHERE tenant_id = $1 ORDER BY id',
    artifacts: 'SELECT * FROM artifacts WHERE tenant_id = $1 ORDER BY id',
    projects: 'SELECT * FROM projects WHERE tenant_id = $1 ORDER BY id',
    api_keys: 'SELECT id, name, prefix, secret_hash, role, project_id, expires_at, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY id',
    users: 'SELECT * FROM users WHERE tenant_id = $1 ORDER BY id',
    refresh_tokens: 'SELECT * FROM refresh_tokens WHERE tenant_id = $1 ORDER BY id',
    policies: 'SELECT * FROM policies WHERE tenant_id = $1 ORDER BY id',
    violations: 'SELECT * FROM violations WHERE tenant_id = $1 ORDER BY id',
    budgets: 'SELECT * FROM budgets WHERE tenant_id = $1 ORDER BY id',
  };
  for (const [name, sql] of Object.entries(queries)) snapshot[name] = (await database.pool.query(sql, [tenantId])).rows;
  return snapshot;
}

function marksIn(text: string): string[] {
  return firstTenantMarks.filter((mark) => text.includes(mark));
}

describe('tenant isolation', () => {
  it('lists none of the first tenant’s rows to the second tenant, on every list route', async () => {
    const credential = governed.tenants.second.keys.owner;
    // Each list route with what the second tenant must find there (so an empty answer cannot pass).
    const listCases: Record<string, { url: string; own: string[] }[]> = {
      '/api/v1/runs': [
        { url: '/api/v1/runs?limit=200', own: [second.waitingRunId, second.cancelledRunId] },
        { url: `/api/v1/runs?projectId=${first.projectId}`, own: [] },
      ],
      '/api/v1/approvals': [
        { url: '/api/v1/approvals?limit=200', own: [second.approvalId] },
        { url: `/api/v1/approvals?runId=${first.waitingRunId}`, own: [] },
      ],
      '/api/v1/projects': [{ url: '/api/v1/projects', own: [second.projectId] }],
      '/api/v1/policies': [{ url: '/api/v1/policies', own: [second.policyId] }],
      '/api/v1/budgets': [
        { url: '/api/v1/budgets', own: [second.budgetId] },
        { url: `/api/v1/budgets?scope=tenant&scopeId=${governed.tenants.first.id}`, own: [] },
      ],
      '/api/v1/violations': [
        { url: '/api/v1/violations?limit=200', own: [second.violationId] },
        { url: `/api/v1/violations?policyId=${first.policyId}`, own: [] },
      ],
      '/api/v1/keys': [{ url: '/api/v1/keys?includeRevoked=true', own: [second.keyId, second.ownerKeyId] }],
      '/api/v1/users': [{ url: '/api/v1/users', own: [second.userId, second.ownerUserId] }],
      '/api/v1/audit': [{ url: '/api/v1/audit?limit=200', own: [second.projectId, second.keyId, second.userId] }],
      '/api/v1/auth/me': [{ url: '/api/v1/auth/me', own: [governed.tenants.second.id] }],
      // Built-in workflows are everyone's; the list must still carry nothing of the first tenant.
      '/api/v1/workflows': [{ url: '/api/v1/workflows', own: ['hello-approval'] }],
      // A run's own lists, read on the second tenant's run.
      '/api/v1/runs/:id/events': [{ url: `/api/v1/runs/${second.waitingRunId}/events`, own: [second.approvalId, second.artifactId] }],
      '/api/v1/runs/:id/steps': [{ url: `/api/v1/runs/${second.waitingRunId}/steps`, own: ['"review"'] }],
      '/api/v1/runs/:id/artifacts': [{ url: `/api/v1/runs/${second.waitingRunId}/artifacts`, own: [second.artifactId] }],
    };
    const notTenantData = new Set(['/healthz', '/readyz', '/api/v1/openapi.json']);
    const listRoutes = routes.filter((route) => route.method === 'GET' && !route.url.includes(':') && !route.url.startsWith('/docs') && !notTenantData.has(route.url));
    expect(listRoutes.map((route) => route.url).filter((url) => !(url in listCases)), 'list routes without a case').toEqual([]);

    for (const cases of Object.values(listCases)) {
      for (const { url, own } of cases) {
        const response = await call('GET', url, credential);
        expect(response.statusCode, `GET ${url}: ${response.body}`).toBe(200);
        expect(marksIn(response.body), `GET ${url} shows the first tenant's rows`).toEqual([]);
        for (const mark of own) expect(response.body, `GET ${url} misses the second tenant's ${mark}`).toContain(mark);
        if (own.length === 0) expect(response.json<{ items: unknown[] }>().items, `GET ${url}`).toEqual([]);
      }
    }
  });

  it('hides the first tenant’s rows from the agentbus_tenant role of the second, without any WHERE clause', async () => {
    const client = await database.pool.connect();
    const rowLevelSecurityError = { code: '42501', message: expect.stringMatching(/row-level security/) };
    try {
      await client.query(`SELECT set_config('role', 'agentbus_tenant', false), set_config('agentbus.tenant_id', $1, false)`, [governed.tenants.second.id]);
      const secondRuns = new Set([second.waitingRunId, second.cancelledRunId]);
      for (const table of [...tenantTables, ...runChildTables]) {
        const { rows } = await client.query<{ tenant_id?: string; run_id?: string }>(`SELECT * FROM ${table}`);
        expect(rows.length, `${table}: the second tenant's own rows`).toBeGreaterThan(0);
        for (const row of rows) {
          if (tenantTables.includes(table)) expect(row.tenant_id, table).toBe(governed.tenants.second.id);
          else expect(secondRuns.has(row.run_id ?? ''), `${table} row of run ${String(row.run_id)}`).toBe(true);
        }
      }

      const firstTenant = governed.tenants.first.id;
      const contentHash = (await database.pool.query<{ content_hash: string }>('SELECT content_hash FROM artifacts WHERE id = $1', [first.artifactId])).rows[0]?.content_hash;
      const inserts: Record<string, [string, unknown[]]> = {
        runs: [`INSERT INTO runs (id, tenant_id, workflow, workflow_version, status) VALUES ($1, $2, 'demo-steps', 1, 'queued')`, [createId(), firstTenant]],
        projects: [`INSERT INTO projects (id, tenant_id, name) VALUES ($1, $2, 'smuggled')`, [createId(), firstTenant]],
        api_keys: [`INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, role) VALUES ($1, $2, 'smuggled', $3, '\\x00', 'owner')`, [createId(), firstTenant, `abk_${createId().slice(-12)}`]],
        users: [`INSERT INTO users (id, tenant_id, email, role) VALUES ($1, $2, $3, 'owner')`, [createId(), firstTenant, `smuggled-${createId()}@example.test`]],
        audit_log: [`INSERT INTO audit_log (id, tenant_id, actor_kind, actor_id, action, resource_type, status_code) VALUES ($1, $2, 'system', 'x', 'forged', 'runs', 200)`, [createId(), firstTenant]],
        llm_calls: [`INSERT INTO llm_calls (id, tenant_id, call_id, attempt, provider, model, status, price_version, latency_ms, started_at) VALUES ($1, $2, $1, 1, 'builtin', 'builtin', 'succeeded', 'test', 1, now())`, [createId(), firstTenant]],
        // No tenant given: the trigger takes the run's, the first tenant's, and the policy refuses it.
        approvals: [
          `INSERT INTO approvals (id, run_id, interrupt_id, gate, reason, reason_category, status, deadline, timeout_outcome) VALUES ($1, $2, 'smuggled', 'gate', 'x', 'quality', 'pending', now(), '{"decision":"approve"}')`,
          [createId(), first.waitingRunId],
        ],
        artifacts: [`INSERT INTO artifacts (id, run_id, name, media_type, size, content_hash, storage_key) VALUES ($1, $2, 'smuggled.txt', 'text/plain', 1, $3, 'postgres:x')`, [createId(), first.waitingRunId, contentHash]],
      };
      for (const [table, [sql, parameters]] of Object.entries(inserts)) {
        await expect(client.query(sql, parameters), `INSERT INTO ${table}`).rejects.toMatchObject(rowLevelSecurityError);
      }

      const firstAuditId = (await database.pool.query<{ id: string }>('SELECT id FROM audit_log WHERE tenant_id = $1 LIMIT 1', [firstTenant])).rows[0]?.id;
      const updates: Record<string, [string, unknown[]]> = {
        runs: ['UPDATE runs SET priority = 99 WHERE id = $1', [first.waitingRunId]],
        approvals: [`UPDATE approvals SET status = 'approved' WHERE id = $1`, [first.approvalId]],
        artifacts: [`UPDATE artifacts SET name = 'renamed' WHERE id = $1`, [first.artifactId]],
        projects: [`UPDATE projects SET name = 'renamed' WHERE tenant_id = $1`, [firstTenant]],
        api_keys: ['UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1', [firstTenant]],
        users: [`UPDATE users SET role = 'viewer' WHERE tenant_id = $1`, [firstTenant]],
        audit_log: [`UPDATE audit_log SET action = 'rewritten' WHERE id = $1`, [firstAuditId]],
        llm_calls: [`UPDATE llm_calls SET model = 'rewritten' WHERE tenant_id = $1`, [firstTenant]],
      };
      for (const [table, [sql, parameters]] of Object.entries(updates)) {
        expect((await client.query(sql, parameters)).rowCount, `UPDATE ${table}`).toBe(0);
      }
      // Nor can a row of its own be handed over to the first tenant.
      await expect(client.query('UPDATE projects SET tenant_id = $1 WHERE id = $2', [firstTenant, second.projectId])).rejects.toMatchObject(rowLevelSecurityError);
      // The role may not delete at all.
      await expect(client.query('DELETE FROM runs WHERE id = $1', [first.waitingRunId])).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.query('RESET ROLE; RESET agentbus.tenant_id');
      client.release();
    }
    expect((await database.pool.query<{ current_user: string }>('SELECT current_user')).rows[0]?.current_user).not.toBe('agentbus_tenant');
  });

  it('keeps the audit log append-only, even for the tables’ owner', async () => {
    const tenantId = governed.tenants.first.id;
    const before = await countRows('SELECT count(*) FROM audit_log WHERE tenant_id = $1', [tenantId]);
    expect(before).toBeGreaterThan(0);
    const appendOnly = { code: '42501', message: expect.stringMatching(/append-only/) };
    await expect(database.pool.query(`UPDATE audit_log SET action = 'rewritten' WHERE tenant_id = $1`, [tenantId])).rejects.toMatchObject(appendOnly);
    await expect(database.pool.query('DELETE FROM audit_log WHERE tenant_id = $1', [tenantId])).rejects.toMatchObject(appendOnly);
    expect(await countRows(`SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action <> 'rewritten'`, [tenantId])).toBe(before);
  });

  it('answers 404 to the second tenant on every route that takes an id of the first tenant’s, and changes nothing', async () => {
    const parameterised = routes.filter((route) => route.url.includes('/:'));
    const caseKey = (route: { method: string; url: string }) => `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`;
    const uncovered = parameterised.map(caseKey).filter((key) => !(key in isolationCases) && !skippedRoutes.has(key));
    expect(uncovered, 'parameterised routes without an isolation case').toEqual([]);
    const stale = Object.keys(isolationCases).filter((key) => !parameterised.some((route) => caseKey(route) === key));
    expect(stale, 'isolation cases of routes that no longer exist').toEqual([]);

    const { email, password } = governed.tenants.second.users.owner;
    const session = (await governed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).json<{ accessToken: string }>();
    const credentials = { 'owner key': governed.tenants.second.keys.owner, 'owner session': session.accessToken };
    const before = await snapshotFirstTenant();
    let calls = 0;
    for (const route of parameterised) {
      const isolationCase = isolationCases[caseKey(route)];
      if (!isolationCase) continue;
      for (const target of isolationCase.targets(first)) {
        const url = route.url.replace(':id', target);
        for (const [name, credential] of Object.entries(credentials)) {
          const response = await call(route.method, url, credential, isolationCase.payload);
          calls += 1;
          const what = `${route.method} ${url} with the second tenant's ${name}: ${response.body}`;
          expect(response.statusCode, what).toBe(404);
          // HEAD answers carry no body.
          if (route.method !== 'HEAD') expect(response.json<{ error: { code: string } }>().error.code, what).toBe(isolationCase.code);
          expect(marksIn(response.body).filter((mark) => mark !== target), what).toEqual([]);
        }
      }
    }
    expect(calls).toBeGreaterThan(40);
    expect(await snapshotFirstTenant()).toEqual(before);
  });

  it('refuses the first tenant’s project named inside a request body, too', async () => {
    const credential = governed.tenants.second.keys.owner;
    const bodies: Record<string, Record<string, unknown>> = {
      '/api/v1/runs': { workflow: 'demo-steps', input: {}, projectId: first.projectId },
      '/api/v1/keys': { name: 'into another tenant', role: 'developer', projectId: first.projectId },
    };
    for (const [url, payload] of Object.entries(bodies)) {
      const response = await call('POST', url, credential, payload);
      expect(response.statusCode, `POST ${url}: ${response.body}`).toBe(404);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('PROJECT_NOT_FOUND');
    }
    expect(await countRows('SELECT count(*) FROM runs WHERE project_id = $1', [first.projectId])).toBe(0);
    expect(await countRows('SELECT count(*) FROM api_keys WHERE project_id = $1', [first.projectId])).toBe(0);
  });
});
