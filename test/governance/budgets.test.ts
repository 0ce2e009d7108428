import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetSchema, runCostForecastSchema, type Budget } from '../../src/contracts/budget.js';
import type { Engine } from '../../src/engine/start-engine.js';
import { createId } from '../../src/store/ids/create-id.js';
import { forecastRunCostUsd } from '../../src/store/policies/load-policy-facts.js';
import { insertRun } from '../../src/store/runs/insert-run.js';
import { createGovernedTestApp, type GovernedTestApp, type TestTenant } from '../../src/testing/create-governed-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { startTestEngine } from '../../src/testing/start-test-engine.js';
import { waitUntil } from '../../src/testing/wait-until.js';

const logger = createTestLogger();
let database: TestDatabase;
let engine: Engine;
let governed: GovernedTestApp;
let first: TestTenant;
let second: TestTenant;
/** Two projects of the first tenant, and one of the second. */
let projectId: string;
let otherProjectId: string;
let secondTenantProjectId: string;
/** An admin key scoped to `projectId`. */
let projectKey: string;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger, { runWorker: false });
  governed = await createGovernedTestApp(database, engine, logger);
  ({ first, second } = governed.tenants);
  projectId = (await created('/api/v1/projects', first.keys.owner, { name: 'fraud detection' })).id;
  otherProjectId = (await created('/api/v1/projects', first.keys.owner, { name: 'search' })).id;
  secondTenantProjectId = (await created('/api/v1/projects', second.keys.owner, { name: 'fraud detection' })).id;
  projectKey = (await created<{ key: string }>('/api/v1/keys', first.keys.owner, { name: 'fraud team', role: 'admin', projectId })).key;
});

afterAll(async () => {
  await governed?.close();
  await engine?.stop(500);
  await database?.drop();
});

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, credential: string, payload?: Record<string, unknown>) {
  return governed.app.inject({ method, url, headers: governed.bearer(credential), ...(payload === undefined ? {} : { payload }) });
}

async function created<T = { id: string }>(url: string, credential: string, payload: Record<string, unknown>): Promise<T> {
  const response = await call('POST', url, credential, payload);
  expect(response.statusCode, `POST ${url}: ${response.body}`).toBe(201);
  return response.json<T>();
}

/** The response as a budget, checked against the contract. */
function budgetOf(response: LightMyRequestResponse, status = 200): Budget {
  expect(response.statusCode, response.body).toBe(status);
  return budgetSchema.parse(response.json());
}

const createBudget = async (payload: Record<string, unknown>, credential = first.keys.admin) => budgetOf(await call('POST', '/api/v1/budgets', credential, payload), 201);
const getBudget = async (id: string, credential = first.keys.viewer) => budgetOf(await call('GET', `/api/v1/budgets/${id}`, credential));
const listBudgets = async (query = '', credential = first.keys.viewer) => {
  const response = await call('GET', `/api/v1/budgets${query}`, credential);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: unknown[] }>().items.map((item) => budgetSchema.parse(item));
};

function expectError(response: LightMyRequestResponse, status: number, code: string, field?: string): void {
  expect(response.statusCode, response.body).toBe(status);
  const error = response.json<{ error: { code: string; message: string; details?: { field?: string } } }>().error;
  expect(error.code, response.body).toBe(code);
  if (field !== undefined) {
    expect(error.details?.field, response.body).toBe(field);
    if (status === 400) expect(error.message).toContain(field);
  }
}

/** Each test that counts budgets starts from none. */
async function clearBudgets(): Promise<void> {
  await database.pool.query('DELETE FROM budgets');
}

async function countBudgets(): Promise<number> {
  return Number((await database.pool.query<{ count: string }>('SELECT count(*) FROM budgets')).rows[0]?.count);
}

describe('budgets', () => {
  it('creates, reads, lists, changes and deletes a budget of each scope', async () => {
    await clearBudgets();
    const tenantBudget = await createBudget({ scope: 'tenant', period: 'monthly', limitUsd: 100 });
    expect(tenantBudget).toMatchObject({ scope: 'tenant', scopeId: first.id, period: 'monthly', limitUsd: 100, limitMicros: 100_000_000, limitTokens: null, softThreshold: 0.8 });
    expect(tenantBudget).toMatchObject({ spentUsd: 0, spentMicros: 0, reservedMicros: 0, spentTokens: 0, reservedTokens: 0, remainingUsd: 100, percentUsed: 0, forecastUsd: 0 });
    const periodStart = new Date(tenantBudget.periodStart);
    expect(periodStart.getUTCDate()).toBe(1);
    expect(periodStart.getUTCHours()).toBe(0);
    expect(new Date(tenantBudget.periodEnd ?? '').getUTCDate()).toBe(1);
    expect(new Date(tenantBudget.periodEnd ?? '').getUTCMonth()).toBe((periodStart.getUTCMonth() + 1) % 12);

    const projectBudget = await createBudget({ scope: 'project', scopeId: projectId, period: 'weekly', limitUsd: 12.345678, limitTokens: 50_000, softThreshold: 0.5 });
    expect(projectBudget).toMatchObject({ scope: 'project', scopeId: projectId, period: 'weekly', limitUsd: 12.345678, limitMicros: 12_345_678, limitTokens: 50_000, softThreshold: 0.5 });
    // Weeks start on Monday, UTC.
    expect(new Date(projectBudget.periodStart).getUTCDay()).toBe(1);
    expect(new Date(projectBudget.periodEnd ?? '').getTime() - new Date(projectBudget.periodStart).getTime()).toBe(7 * 86_400_000);

    const workflowBudget = await createBudget({ scope: 'workflow', scopeId: 'demo-steps', period: 'daily', limitTokens: 10_000 });
    expect(workflowBudget).toMatchObject({ scope: 'workflow', scopeId: 'demo-steps', period: 'daily', limitUsd: null, limitMicros: null, limitTokens: 10_000, remainingUsd: null });
    expect(new Date(workflowBudget.periodEnd ?? '').getTime() - new Date(workflowBudget.periodStart).getTime()).toBe(86_400_000);

    expect(await getBudget(projectBudget.id)).toEqual(projectBudget);
    expect((await listBudgets()).map((budget) => budget.id)).toEqual([tenantBudget.id, projectBudget.id, workflowBudget.id]);
    expect((await listBudgets('?scope=workflow')).map((budget) => budget.id)).toEqual([workflowBudget.id]);
    expect((await listBudgets(`?scope=project&scopeId=${projectId}`)).map((budget) => budget.id)).toEqual([projectBudget.id]);
    expect(await listBudgets(`?scopeId=${otherProjectId}`)).toEqual([]);

    // One budget per scope and period.
    const duplicate = await call('POST', '/api/v1/budgets', first.keys.admin, { scope: 'project', scopeId: projectId.toUpperCase(), period: 'weekly', limitUsd: 1 });
    expectError(duplicate, 409, 'BUDGET_EXISTS');
    expect(duplicate.json().error.details.budgetId).toBe(projectBudget.id);

    const changed = budgetOf(await call('PATCH', `/api/v1/budgets/${projectBudget.id}`, first.keys.admin, { limitUsd: 20.5, softThreshold: 0.9 }));
    expect(changed).toMatchObject({ scope: 'project', period: 'weekly', limitUsd: 20.5, limitMicros: 20_500_000, limitTokens: 50_000, softThreshold: 0.9 });
    expect(new Date(changed.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(projectBudget.updatedAt).getTime());
    const withoutMoney = budgetOf(await call('PATCH', `/api/v1/budgets/${projectBudget.id}`, first.keys.admin, { limitUsd: null }));
    expect(withoutMoney).toMatchObject({ limitUsd: null, limitMicros: null, limitTokens: 50_000, remainingUsd: null });

    const deleted = budgetOf(await call('DELETE', `/api/v1/budgets/${workflowBudget.id}`, first.keys.admin));
    expect(deleted.id).toBe(workflowBudget.id);
    expectError(await call('GET', `/api/v1/budgets/${workflowBudget.id}`, first.keys.viewer), 404, 'BUDGET_NOT_FOUND');
    expectError(await call('DELETE', `/api/v1/budgets/${workflowBudget.id}`, first.keys.admin), 404, 'BUDGET_NOT_FOUND');
    expect(await countBudgets()).toBe(2);

    // Every change is in the audit log with its before and after.
    const audited = await waitUntil(async () => {
      const { rows } = await database.pool.query<{ action: string; resource_id: string; diff: { before?: Budget; after?: Budget } | null }>(
        `SELECT action, resource_id, diff FROM audit_log WHERE tenant_id = $1 AND resource_type = 'budgets' AND status_code < 300`,
        [first.id],
      );
      return rows.length >= 6 ? rows : undefined;
    }, 5_000, 'the audit rows of the budget changes');
    // Audit rows are written after each response, so their order is not the requests' order.
    expect(audited.map((row) => row.action).sort()).toEqual(['DELETE /api/v1/budgets/:id', 'PATCH /api/v1/budgets/:id', 'PATCH /api/v1/budgets/:id', 'POST /api/v1/budgets', 'POST /api/v1/budgets', 'POST /api/v1/budgets']);
    expect(audited).toContainEqual(expect.objectContaining({ resource_id: projectBudget.id, diff: expect.objectContaining({ before: expect.objectContaining({ limitUsd: 12.345678 }), after: expect.objectContaining({ limitUsd: 20.5 }) }) }));
    expect(audited).toContainEqual(expect.objectContaining({ action: 'DELETE /api/v1/budgets/:id', resource_id: workflowBudget.id, diff: expect.objectContaining({ before: expect.objectContaining({ scopeId: 'demo-steps' }) }) }));
  });

  it('refuses bad input with a 400 naming the field, and saves nothing', async () => {
    await clearBudgets();
    const cases: [Record<string, unknown>, string][] = [
      [{ scope: 'tenant', period: 'monthly' }, 'body.limitUsd'],
      [{ scope: 'tenant', period: 'monthly', limitUsd: -1 }, 'body.limitUsd'],
      [{ scope: 'tenant', period: 'monthly', limitTokens: -5 }, 'body.limitTokens'],
      [{ scope: 'tenant', period: 'monthly', limitTokens: 1.5 }, 'body.limitTokens'],
      [{ scope: 'tenant', period: 'monthly', limitUsd: 1.2345678 }, 'body.limitUsd'],
      [{ scope: 'tenant', period: 'monthly', limitUsd: '10' }, 'body.limitUsd'],
      [{ scope: 'galaxy', period: 'monthly', limitUsd: 10 }, 'body.scope'],
      [{ scope: 'run', scopeId: createId(), period: 'monthly', limitUsd: 10 }, 'body.scope'],
      [{ scope: 'tenant', period: 'hourly', limitUsd: 10 }, 'body.period'],
      [{ scope: 'tenant', period: 'total', limitUsd: 10 }, 'body.period'],
      [{ scope: 'tenant', scopeId: first.id, period: 'monthly', limitUsd: 10 }, 'body.scopeId'],
      [{ scope: 'project', period: 'monthly', limitUsd: 10 }, 'body.scopeId'],
      [{ scope: 'project', scopeId: 'fraud detection', period: 'monthly', limitUsd: 10 }, 'body.scopeId'],
      [{ scope: 'workflow', period: 'monthly', limitUsd: 10 }, 'body.scopeId'],
      [{ scope: 'tenant', period: 'monthly', limitUsd: 10, softThreshold: 0 }, 'body.softThreshold'],
      [{ scope: 'tenant', period: 'monthly', limitUsd: 10, softThreshold: 1.5 }, 'body.softThreshold'],
      [{ scope: 'tenant', period: 'monthly', limitUsd: 10, colour: 'red' }, 'body.colour'],
    ];
    for (const [payload, field] of cases) {
      expectError(await call('POST', '/api/v1/budgets', first.keys.admin, payload), 400, 'VALIDATION_FAILED', field);
    }
    // Six decimals are fine, and exact.
    expect((await createBudget({ scope: 'tenant', period: 'daily', limitUsd: 0.000001 })).limitMicros).toBe(1);
    expect((await createBudget({ scope: 'tenant', period: 'weekly', limitUsd: 19.99 })).limitMicros).toBe(19_990_000);

    // Another tenant's project, and a workflow nobody registered, read as missing.
    expectError(await call('POST', '/api/v1/budgets', first.keys.admin, { scope: 'project', scopeId: secondTenantProjectId, period: 'monthly', limitUsd: 10 }), 404, 'PROJECT_NOT_FOUND', 'body.scopeId');
    expectError(await call('POST', '/api/v1/budgets', first.keys.admin, { scope: 'project', scopeId: createId(), period: 'monthly', limitUsd: 10 }), 404, 'PROJECT_NOT_FOUND', 'body.scopeId');
    expectError(await call('POST', '/api/v1/budgets', first.keys.admin, { scope: 'workflow', scopeId: 'no-such-workflow', period: 'monthly', limitUsd: 10 }), 404, 'WORKFLOW_NOT_FOUND', 'body.scopeId');
    expect(await countBudgets()).toBe(2);

    const budget = await createBudget({ scope: 'tenant', period: 'monthly', limitUsd: 10 });
    const patch = (payload: Record<string, unknown>) => call('PATCH', `/api/v1/budgets/${budget.id}`, first.keys.admin, payload);
    expectError(await patch({}), 400, 'VALIDATION_FAILED', 'body.limitUsd');
    expectError(await patch({ limitUsd: null, limitTokens: null }), 400, 'VALIDATION_FAILED', 'body.limitUsd');
    // Its only limit cannot go either.
    expectError(await patch({ limitUsd: null }), 400, 'VALIDATION_FAILED', 'body.limitUsd');
    expectError(await patch({ limitUsd: 0.1234567 }), 400, 'VALIDATION_FAILED', 'body.limitUsd');
    expectError(await patch({ scope: 'workflow' }), 400, 'VALIDATION_FAILED', 'body.scope');
    expectError(await patch({ period: 'daily' }), 400, 'VALIDATION_FAILED', 'body.period');
    expect(await getBudget(budget.id)).toMatchObject({ limitUsd: 10, scope: 'tenant', period: 'monthly' });
    expectError(await call('PATCH', `/api/v1/budgets/${createId()}`, first.keys.admin, { limitUsd: 1 }), 404, 'BUDGET_NOT_FOUND');
    expectError(await call('GET', '/api/v1/budgets/not-a-uuid', first.keys.admin), 400, 'VALIDATION_FAILED', 'params.id');
    expectError(await call('GET', '/api/v1/budgets?scope=galaxy', first.keys.admin), 400, 'VALIDATION_FAILED', 'querystring.scope');
  });

  it('shows what the current period has spent and holds reserved, as the gateway records it', async () => {
    await clearBudgets();
    const tenantBudget = await createBudget({ scope: 'tenant', period: 'monthly', limitUsd: 10, limitTokens: 1_000 });
    const workflowBudget = await createBudget({ scope: 'workflow', scopeId: 'demo-steps', period: 'daily', limitUsd: 4 });
    // A budget of another workflow: the call below does not touch it.
    const untouched = await createBudget({ scope: 'workflow', scopeId: 'hello-approval', period: 'daily', limitUsd: 4 });
    // Spend of an earlier period is not this period's.
    await database.pool.query(
      `INSERT INTO budget_windows (budget_id, period_start, spent_micros, spent_tokens) VALUES ($1, budget_period_start('monthly', now() - interval '40 days'), 9000000, 900)`,
      [tenantBudget.id],
    );

    // A call of a demo-steps run reserves its worst case ($3, 400 tokens) on every budget that applies…
    const reservationId = createId();
    const { rows } = await database.pool.query<{ granted: boolean; budget_count: number }>(
      'SELECT granted, budget_count FROM budget_reserve($1, $2, NULL, $3, $4, 3000000, 1, 400, 1, 60)',
      [reservationId, first.id, 'demo-steps', createId()],
    );
    expect(rows[0]).toEqual({ granted: true, budget_count: 2 });
    const reserved = await getBudget(tenantBudget.id);
    expect(reserved).toMatchObject({ spentMicros: 0, reservedMicros: 3_000_000, spentTokens: 0, reservedTokens: 400, remainingUsd: 7, percentUsed: 0 });
    expect(await getBudget(workflowBudget.id)).toMatchObject({ reservedMicros: 3_000_000, remainingUsd: 1 });
    expect(await getBudget(untouched.id)).toMatchObject({ reservedMicros: 0, remainingUsd: 4 });

    // …and settling charges what it really cost ($2.50, 300 tokens) and releases the rest.
    await database.pool.query('SELECT * FROM budget_settle($1::uuid[], $2::bigint[], $3::bigint[])', [[reservationId], [2_500_000], [300]]);
    const before = Date.now();
    const settled = (await listBudgets('?scope=tenant')).find((budget) => budget.id === tenantBudget.id);
    const after = Date.now();
    expect(settled).toMatchObject({ spentUsd: 2.5, spentMicros: 2_500_000, reservedMicros: 0, spentTokens: 300, reservedTokens: 0, remainingUsd: 7.5 });
    // Tokens are the tighter limit: 30 % of the tokens, 25 % of the money.
    expect(settled?.percentUsed).toBe(30);
    expect(await getBudget(workflowBudget.id)).toMatchObject({ spentUsd: 2.5, reservedMicros: 0, remainingUsd: 1.5, percentUsed: 62.5 });

    // The forecast goes on at the pace so far (measured over at least 1 % of the period) to the period's end.
    const start = new Date(settled?.periodStart ?? '').getTime();
    const length = new Date(settled?.periodEnd ?? '').getTime() - start;
    const paceShare = (now: number) => Math.max(0.01, (now - start) / length);
    expect(settled?.forecastUsd).toBeGreaterThanOrEqual(Math.floor((2.5 / paceShare(after + 1_000)) * 1e6) / 1e6);
    expect(settled?.forecastUsd).toBeLessThanOrEqual(Math.ceil((2.5 / paceShare(before - 1_000)) * 1e6) / 1e6);
    expect(settled?.forecastUsd).toBeGreaterThanOrEqual(2.5);

    // A zero limit is used up from the start.
    expect((await createBudget({ scope: 'project', scopeId: projectId, period: 'daily', limitUsd: 0 })).percentUsed).toBe(100);
    // The second tenant sees none of it.
    expect(await listBudgets('', second.keys.owner)).toEqual([]);
  });

  it('lets viewers and developers read budgets but not change them', async () => {
    await clearBudgets();
    const budget = await createBudget({ scope: 'tenant', period: 'monthly', limitUsd: 10 });
    for (const role of ['viewer', 'developer'] as const) {
      const key = first.keys[role];
      expectError(await call('POST', '/api/v1/budgets', key, { scope: 'tenant', period: 'daily', limitUsd: 1 }), 403, 'FORBIDDEN');
      expectError(await call('PATCH', `/api/v1/budgets/${budget.id}`, key, { limitUsd: 1_000 }), 403, 'FORBIDDEN');
      expectError(await call('DELETE', `/api/v1/budgets/${budget.id}`, key), 403, 'FORBIDDEN');
      expect((await listBudgets('', key)).map((item) => item.id)).toEqual([budget.id]);
      expect((await call('GET', `/api/v1/workflows/demo-steps/forecast`, key)).statusCode).toBe(200);
    }
    expect(await getBudget(budget.id)).toMatchObject({ limitUsd: 10 });
    expect(await countBudgets()).toBe(1);
  });

  it('keeps a project-scoped key to its own project’s budgets', async () => {
    await clearBudgets();
    const tenantBudget = await createBudget({ scope: 'tenant', period: 'monthly', limitUsd: 100 });
    const otherProjectBudget = await createBudget({ scope: 'project', scopeId: otherProjectId, period: 'monthly', limitUsd: 10 });
    const own = await createBudget({ scope: 'project', scopeId: projectId, period: 'monthly', limitUsd: 5 }, projectKey);
    expect(own.scopeId).toBe(projectId);

    expect((await listBudgets('', projectKey)).map((budget) => budget.id)).toEqual([own.id]);
    expect(await listBudgets('?scope=tenant', projectKey)).toEqual([]);
    for (const hidden of [tenantBudget.id, otherProjectBudget.id]) {
      expectError(await call('GET', `/api/v1/budgets/${hidden}`, projectKey), 404, 'BUDGET_NOT_FOUND');
      expectError(await call('PATCH', `/api/v1/budgets/${hidden}`, projectKey, { limitUsd: 1_000 }), 404, 'BUDGET_NOT_FOUND');
      expectError(await call('DELETE', `/api/v1/budgets/${hidden}`, projectKey), 404, 'BUDGET_NOT_FOUND');
    }
    expectError(await call('POST', '/api/v1/budgets', projectKey, { scope: 'tenant', period: 'daily', limitUsd: 1_000 }), 403, 'FORBIDDEN', 'body.scope');
    expectError(await call('POST', '/api/v1/budgets', projectKey, { scope: 'workflow', scopeId: 'demo-steps', period: 'daily', limitUsd: 1_000 }), 403, 'FORBIDDEN', 'body.scope');
    expectError(await call('POST', '/api/v1/budgets', projectKey, { scope: 'project', scopeId: otherProjectId, period: 'daily', limitUsd: 1_000 }), 404, 'PROJECT_NOT_FOUND', 'body.scopeId');

    expect(budgetOf(await call('PATCH', `/api/v1/budgets/${own.id}`, projectKey, { limitUsd: 6 })).limitUsd).toBe(6);
    expect(budgetOf(await call('DELETE', `/api/v1/budgets/${own.id}`, projectKey)).id).toBe(own.id);
    expect(await getBudget(tenantBudget.id)).toMatchObject({ limitUsd: 100 });
    expect(await getBudget(otherProjectBudget.id)).toMatchObject({ limitUsd: 10 });
  });
});

/** Records a finished run of `workflow` for a tenant, `minutesAgo` in the past. */
async function recordRun(tenantId: string, workflow: string, status: 'succeeded' | 'failed', costUsd: number, minutesAgo: number): Promise<void> {
  const { row } = await insertRun(database.pool, { tenantId, workflow, workflowVersion: 1, input: {}, priority: 0, maxAttempts: 1 });
  await database.pool.query(`UPDATE runs SET status = $2, cost_micros = $3, created_at = now() - make_interval(mins => $4), ended_at = now() WHERE id = $1`, [
    row.id,
    status,
    Math.round(costUsd * 1e6),
    minutesAgo,
  ]);
}

async function forecastOf(workflow: string, credential: string, query = '') {
  const response = await call('GET', `/api/v1/workflows/${workflow}/forecast${query}`, credential);
  expect(response.statusCode, response.body).toBe(200);
  return runCostForecastSchema.parse(response.json());
}

describe('run cost forecast', () => {
  it('is 0, from no runs, before a workflow has history', async () => {
    await clearBudgets();
    expect(await forecastOf('hello-approval', first.keys.viewer)).toEqual({ workflow: 'hello-approval', projectId: null, estimatedCostUsd: 0, basedOnRuns: 0, p50Usd: 0, p90Usd: 0, budget: null, exceedsBudget: false });
  });

  it('takes the mean, median and 90th percentile of the tenant’s last 20 succeeded runs, and nobody else’s', async () => {
    await clearBudgets();
    // Five old, expensive runs beyond the last 20, the 20 recent ones at $1…$20, and failures that do not count.
    for (let index = 0; index < 5; index += 1) await recordRun(first.id, 'hello-approval', 'succeeded', 500, 1_000 + index);
    for (let cost = 1; cost <= 20; cost += 1) await recordRun(first.id, 'hello-approval', 'succeeded', cost, 100 - cost);
    await recordRun(first.id, 'hello-approval', 'failed', 900, 1);
    // The second tenant's runs of the same workflow cost far more.
    for (let index = 0; index < 3; index += 1) await recordRun(second.id, 'hello-approval', 'succeeded', 1_000, 5 + index);

    const forecast = await forecastOf('hello-approval', first.keys.viewer);
    expect(forecast).toMatchObject({ workflow: 'hello-approval', projectId: null, estimatedCostUsd: 10.5, basedOnRuns: 20, p50Usd: 10.5, budget: null, exceedsBudget: false });
    // percentile_cont: 18 + 0.1 * (19 - 18).
    expect(forecast.p90Usd).toBeCloseTo(18.1, 9);
    // The very figure run.create policies read as run.estimatedCostUsd.
    expect(forecast.estimatedCostUsd).toBe(await forecastRunCostUsd(database.pool, first.id, 'hello-approval'));

    expect(await forecastOf('hello-approval', second.keys.viewer)).toMatchObject({ estimatedCostUsd: 1_000, basedOnRuns: 3, p50Usd: 1_000, p90Usd: 1_000 });
    // A workflow only the second tenant ran has no history for the first.
    await recordRun(second.id, 'demo-steps', 'succeeded', 7, 1);
    expect(await forecastOf('demo-steps', first.keys.viewer)).toMatchObject({ estimatedCostUsd: 0, basedOnRuns: 0 });
    expect(await forecastOf('demo-steps', second.keys.viewer)).toMatchObject({ estimatedCostUsd: 7, basedOnRuns: 1 });
  });

  it('names the money budget with the least left that would apply to the run', async () => {
    await clearBudgets();
    await createBudget({ scope: 'tenant', period: 'monthly', limitUsd: 1_000 });
    const workflowBudget = await createBudget({ scope: 'workflow', scopeId: 'hello-approval', period: 'daily', limitUsd: 30 });
    const projectBudget = await createBudget({ scope: 'project', scopeId: projectId, period: 'weekly', limitUsd: 5 });
    // Neither a token-only budget, another project's nor another workflow's applies.
    await createBudget({ scope: 'workflow', scopeId: 'hello-approval', period: 'monthly', limitTokens: 1 });
    await createBudget({ scope: 'project', scopeId: otherProjectId, period: 'daily', limitUsd: 1 });
    await createBudget({ scope: 'workflow', scopeId: 'demo-steps', period: 'daily', limitUsd: 1 });

    const tenantWide = await forecastOf('hello-approval', first.keys.viewer);
    expect(tenantWide.budget).toMatchObject({ id: workflowBudget.id, scope: 'workflow', scopeId: 'hello-approval', period: 'daily', limitUsd: 30, remainingUsd: 30 });
    expect(tenantWide.exceedsBudget).toBe(false);

    const inProject = await forecastOf('hello-approval', first.keys.viewer, `?projectId=${projectId}`);
    expect(inProject).toMatchObject({ projectId, estimatedCostUsd: 10.5, exceedsBudget: true });
    expect(inProject.budget).toMatchObject({ id: projectBudget.id, scope: 'project', limitUsd: 5, remainingUsd: 5, periodEnd: projectBudget.periodEnd });
    // A project-scoped key's forecast is for its project.
    expect((await forecastOf('hello-approval', projectKey)).budget?.id).toBe(projectBudget.id);

    expectError(await call('GET', '/api/v1/workflows/no-such-workflow/forecast', first.keys.viewer), 404, 'WORKFLOW_NOT_FOUND', 'params.name');
    expectError(await call('GET', `/api/v1/workflows/hello-approval/forecast?projectId=${secondTenantProjectId}`, first.keys.viewer), 404, 'PROJECT_NOT_FOUND', 'querystring.projectId');
    expectError(await call('GET', `/api/v1/workflows/hello-approval/forecast?projectId=${otherProjectId}`, projectKey), 404, 'PROJECT_NOT_FOUND', 'querystring.projectId');
    expectError(await call('GET', '/api/v1/workflows/hello-approval/forecast?projectId=nope', first.keys.viewer), 400, 'VALIDATION_FAILED', 'querystring.projectId');
  });

  it('documents the budget routes in the OpenAPI document', async () => {
    const document = (await governed.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/budgets', '/api/v1/budgets/{id}', '/api/v1/workflows/{name}/forecast']));
  });
});
