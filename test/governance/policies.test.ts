import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRun } from '../../src/store/runs/insert-run.js';
import { createGovernedTestApp, type GovernedTestApp } from '../../src/testing/create-governed-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { startPolicyEnforcingEngine } from '../../src/testing/start-policy-enforcing-engine.js';
import { waitUntil } from '../../src/testing/wait-until.js';

const logger = createTestLogger();
let database: TestDatabase;
let worker: Awaited<ReturnType<typeof startPolicyEnforcingEngine>>;
let governed: GovernedTestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  // The worker's own gate, as `agentbus serve` wires it: step.before policies run inside the engine.
  worker = await startPolicyEnforcingEngine(database, logger);
  governed = await createGovernedTestApp(database, worker.engine, logger);
});

afterAll(async () => {
  await governed?.close();
  await worker?.stop();
  await database?.drop();
});

const admin = () => governed.bearer(governed.tenants.first.keys.admin);
const developer = () => governed.bearer(governed.tenants.first.keys.developer);

async function createPolicy(body: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const response = await governed.app.inject({ method: 'POST', url: '/api/v1/policies', headers: admin(), payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function deletePolicy(id: string): Promise<void> {
  expect((await governed.app.inject({ method: 'DELETE', url: `/api/v1/policies/${id}`, headers: admin() })).statusCode).toBe(200);
}

const createRun = (payload: Record<string, unknown>) => governed.app.inject({ method: 'POST', url: '/api/v1/runs', headers: developer(), payload });

async function runStatus(runId: string, wanted: readonly string[]): Promise<{ status: string; error: { code: string; message: string } | null }> {
  return waitUntil(async () => {
    const run = (await governed.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}`, headers: developer() })).json<{ status: string; error: { code: string; message: string } | null }>();
    return wanted.includes(run.status) ? run : undefined;
  }, 30_000, `run ${runId} to be ${wanted.join(' or ')}`);
}

async function pendingApproval(runId: string): Promise<{ id: string; gate: string; reasonCategory: string; deadline: string }> {
  return waitUntil(async () => {
    const list = (await governed.app.inject({ method: 'GET', url: `/api/v1/approvals?runId=${runId}&status=pending`, headers: developer() })).json<{ items: { id: string; gate: string; reasonCategory: string; deadline: string }[] }>();
    return list.items[0];
  }, 30_000, `a pending approval of run ${runId}`);
}

describe('policies end to end', () => {
  it('refuses an expression that does not type-check with a 400 naming its position, and saves nothing', async () => {
    const cases = [
      { expression: 'run.estimatedCostUsd > "5"', column: 1 },
      { expression: 'run.nosuchfield == 1', column: 5 },
      { expression: 'tool.name == "shell"', column: 1 },
      { expression: 'run.workflow == "a" &&\n  (run.priority >', line: 2 },
      { expression: 'run.estimatedCostUsd', column: 1 },
    ];
    for (const { expression, line, column } of cases) {
      const response = await governed.app.inject({ method: 'POST', url: '/api/v1/policies', headers: admin(), payload: { name: `broken ${expression}`, phase: 'run.create', expression, effect: 'deny' } });
      expect(response.statusCode, `${expression}: ${response.body}`).toBe(400);
      const error = response.json<{ error: { code: string; message: string; details: { line: number; column: number; offset: number; field: string } } }>().error;
      expect(error.code).toBe('INVALID_POLICY_EXPRESSION');
      expect(error.details.field).toBe('body.expression');
      if (line !== undefined) expect(error.details.line).toBe(line);
      if (column !== undefined) expect(error.details.column).toBe(column);
      expect(error.message).toContain(`line ${error.details.line}, column ${error.details.column}`);
    }
    const listed = (await governed.app.inject({ method: 'GET', url: '/api/v1/policies', headers: admin() })).json<{ items: unknown[] }>();
    expect(listed.items).toEqual([]);
  });

  it('never crashes on malformed expressions sent to the test endpoint (fuzzed): each is valid, or refused with a position inside it', async () => {
    const fragments = ['run.', 'estimatedCostUsd', '>', '5.0', '"x"', '(', ')', '&&', '||', '!', 'has(', 'run.input', '[', ']', '.', ',', 'in', 'tool.name', '==', ' ', '\n', '\\', '"', "'", '1e999', '-', 'size(', '?', ':'];
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(fc.constantFrom(...fragments), { maxLength: 12 }).map((parts) => parts.join('')), fc.string({ maxLength: 60 })), async (expression) => {
        const response = await governed.app.inject({ method: 'POST', url: '/api/v1/policies/test', headers: admin(), payload: { phase: 'run.create', expression, effect: 'deny', input: { run: { estimatedCostUsd: 7 } } } });
        expect(response.statusCode, response.body).toBe(200);
        const result = response.json<{ valid: boolean; error?: { offset: number; line: number; column: number } }>();
        if (!result.valid) {
          expect(result.error?.offset).toBeGreaterThanOrEqual(0);
          expect(result.error?.offset).toBeLessThanOrEqual(expression.length);
          expect(result.error?.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('denies runs estimated over $5: the run is recorded as denied, the API answers 403 naming the policy, a violation is opened', async () => {
    // Three earlier demo-steps runs cost $6 each: the forecast is $6.
    for (let index = 0; index < 3; index += 1) {
      const { row } = await insertRun(database.pool, { workflow: 'demo-steps', workflowVersion: 1, input: { steps: 1 }, priority: 0, maxAttempts: 1 });
      await database.pool.query(`UPDATE runs SET status = 'succeeded', cost_micros = 6000000, ended_at = now() WHERE id = $1`, [row.id]);
    }
    const policy = await createPolicy({ name: 'no runs over $5', description: 'Runs forecast to cost more than $5 need a budget exception.', phase: 'run.create', expression: 'run.estimatedCostUsd > 5.0', effect: 'deny', severity: 'high' });
    const denied = await createRun({ workflow: 'demo-steps', input: { steps: 1, delayMs: 0 } });
    expect(denied.statusCode, denied.body).toBe(403);
    const error = denied.json<{ error: { code: string; message: string; details: { runId: string; policyId: string; policyName: string } } }>().error;
    expect(error.code).toBe('POLICY_DENIED');
    expect(error.message).toContain('"no runs over $5"');
    expect(error.details.policyId).toBe(policy.id);
    const recorded = await runStatus(error.details.runId, ['denied']);
    expect(recorded.error?.code).toBe('POLICY_DENIED');
    // A workflow without costly history is not affected.
    const allowed = await createRun({ workflow: 'hello-approval', input: { name: 'Ada', approvalTimeoutSeconds: 1 } });
    expect(allowed.statusCode, allowed.body).toBe(201);

    await governed.policyEngine.drain();
    const { rows: decisions } = await database.pool.query<{ effect: string; policy_ids: string[]; input_hash: string; latency_micros: number }>(`SELECT effect, policy_ids, input_hash, latency_micros FROM policy_decisions WHERE phase = 'run.create' ORDER BY created_at`);
    expect(decisions.map((decision) => decision.effect)).toEqual(['deny', 'allow']);
    expect(decisions.every((decision) => decision.policy_ids.includes(policy.id) && /^[0-9a-f]{64}$/.test(decision.input_hash) && decision.latency_micros > 0)).toBe(true);
    const violations = (await governed.app.inject({ method: 'GET', url: `/api/v1/violations?policyId=${policy.id}`, headers: admin() })).json<{ items: { id: string; status: string; severity: string; effect: string }[] }>();
    expect(violations.items).toHaveLength(1);
    expect(violations.items[0]).toMatchObject({ status: 'open', severity: 'high', effect: 'deny' });
    const violationId = violations.items[0]?.id as string;
    const acknowledged = await governed.app.inject({ method: 'PATCH', url: `/api/v1/violations/${violationId}`, headers: admin(), payload: { status: 'acknowledged' } });
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged', updatedBy: expect.stringMatching(/^abk_/) });
    const resolved = await governed.app.inject({ method: 'PATCH', url: `/api/v1/violations/${violationId}`, headers: admin(), payload: { status: 'resolved', resolution: 'budget exception granted' } });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolution: 'budget exception granted' });
    await deletePolicy(policy.id);
  });

  it('requires an approval when the tool is shell or the confidence is below 0.75 (tool.before, through the test endpoint; the tool runtime does not exist yet)', async () => {
    const test = async (input: Record<string, unknown>) =>
      (await governed.app.inject({ method: 'POST', url: '/api/v1/policies/test', headers: admin(), payload: { phase: 'tool.before', expression: 'tool.name == "shell" || tool.confidence < 0.75', effect: 'require_approval', input } })).json<{ valid: boolean; matched: boolean; effect: string }>();
    expect(await test({ tool: { name: 'shell', confidence: 0.99 } })).toMatchObject({ valid: true, matched: true, effect: 'require_approval' });
    expect(await test({ tool: { name: 'http', confidence: 0.5 } })).toMatchObject({ matched: true, effect: 'require_approval' });
    expect(await test({ tool: { name: 'http', confidence: 0.9 } })).toMatchObject({ matched: false, effect: 'allow' });
    // Saved, it is a tool.before policy like any other.
    await deletePolicy((await createPolicy({ name: 'shell or unsure', phase: 'tool.before', expression: 'tool.name == "shell" || tool.confidence < 0.75', effect: 'require_approval', approval: { reasonCategory: 'security', timeoutOutcome: 'reject' } })).id);
  });

  it('holds a node at an approval gate when a step.before policy requires it (the same rule on step.confidence and the node), and resumes when approved', async () => {
    const policy = await createPolicy({ name: 'unsure steps', phase: 'step.before', expression: 'run.workflow == "demo-steps" && (step.confidence < 0.75 || step.index >= 1)', effect: 'require_approval', approval: { reasonCategory: 'optimization', timeoutOutcome: 'reject' } });
    const created = await createRun({ workflow: 'demo-steps', input: { steps: 2, delayMs: 0 } });
    expect(created.statusCode, created.body).toBe(201);
    const runId = created.json<{ id: string }>().id;
    await runStatus(runId, ['waiting_approval']);
    const approval = await pendingApproval(runId);
    expect(approval.gate).toBe('policy:unsure steps');
    expect(approval.reasonCategory).toBe('optimization');
    // Context-aware default timeout: optimization gives 3 minutes.
    expect(Date.parse(approval.deadline) - Date.now()).toBeGreaterThan(150_000);
    expect(Date.parse(approval.deadline) - Date.now()).toBeLessThanOrEqual(180_000);
    const decided = await governed.app.inject({ method: 'POST', url: `/api/v1/approvals/${approval.id}/decision`, headers: developer(), payload: { decision: 'approve', comment: 'looked at it' } });
    expect(decided.statusCode, decided.body).toBe(200);
    // The second step asks again (a new node execution), and is approved too.
    const second = await waitUntil(async () => {
      const next = await pendingApproval(runId);
      return next.id === approval.id ? undefined : next;
    }, 30_000, 'the second step gate');
    await governed.app.inject({ method: 'POST', url: `/api/v1/approvals/${second.id}/decision`, headers: developer(), payload: { decision: 'approve' } });
    expect((await runStatus(runId, ['succeeded', 'failed'])).status).toBe('succeeded');
    await deletePolicy(policy.id);
  });

  it('holds a run before it starts when a run.create policy requires approval: approved it runs, rejected it ends denied', async () => {
    const policy = await createPolicy({ name: 'developers ask first', phase: 'run.create', expression: 'principal.role == "developer" && run.workflow == "hello-approval"', effect: 'require_approval', approval: { reasonCategory: 'cost' } });
    const held = await createRun({ workflow: 'hello-approval', input: { name: 'Grace', approvalTimeoutSeconds: 1 } });
    expect(held.statusCode, held.body).toBe(201);
    expect(held.json()).toMatchObject({ status: 'waiting_approval' });
    const heldId = held.json<{ id: string }>().id;
    const gate = await pendingApproval(heldId);
    expect(gate).toMatchObject({ gate: 'policy:developers ask first', reasonCategory: 'cost' });
    await governed.app.inject({ method: 'POST', url: `/api/v1/approvals/${gate.id}/decision`, headers: admin(), payload: { decision: 'approve' } });
    // hello-approval's own gate times out to approve after a second: the run completes.
    expect((await runStatus(heldId, ['succeeded', 'failed'])).status).toBe('succeeded');

    const rejected = await createRun({ workflow: 'hello-approval', input: { name: 'Mallory' } });
    const rejectedId = rejected.json<{ id: string }>().id;
    const rejectedGate = await pendingApproval(rejectedId);
    await governed.app.inject({ method: 'POST', url: `/api/v1/approvals/${rejectedGate.id}/decision`, headers: admin(), payload: { decision: 'reject', comment: 'not this one' } });
    const ended = await runStatus(rejectedId, ['denied']);
    expect(ended.error?.code).toBe('POLICY_DENIED');
    const steps = (await governed.app.inject({ method: 'GET', url: `/api/v1/runs/${rejectedId}/steps`, headers: developer() })).json<{ items: unknown[] }>();
    expect(steps.items).toEqual([]);
    await deletePolicy(policy.id);
  });

  it('denies when the data classification is restricted and the region is outside the EU, and shadow mode only records', async () => {
    const expression = 'run.dataClassification == "restricted" && !run.region.startsWith("eu-")';
    const shadow = await createPolicy({ name: 'restricted data stays in the EU (shadow)', phase: 'run.create', expression, effect: 'deny', mode: 'shadow' });
    const inUs = { workflow: 'hello-approval', input: { name: 'Ada', approvalTimeoutSeconds: 1 }, metadata: { dataClassification: 'restricted', region: 'us-east-1' } };
    // Shadow: allowed, but the decision records that it would have been denied.
    const shadowed = await createRun(inUs);
    expect(shadowed.statusCode, shadowed.body).toBe(201);
    await governed.policyEngine.drain();
    const { rows } = await database.pool.query<{ effect: string; shadow_effect: string }>(`SELECT effect, shadow_effect FROM policy_decisions WHERE $1 = ANY(policy_ids) ORDER BY created_at DESC LIMIT 1`, [shadow.id]);
    expect(rows[0]).toEqual({ effect: 'allow', shadow_effect: 'deny' });
    const shadowViolations = (await governed.app.inject({ method: 'GET', url: `/api/v1/violations?policyId=${shadow.id}`, headers: admin() })).json<{ items: { mode: string }[] }>();
    expect(shadowViolations.items.map((violation) => violation.mode)).toEqual(['shadow']);

    // Enforced: the same run is denied; in the EU, or with internal data, it is not.
    const enforced = await governed.app.inject({ method: 'PUT', url: `/api/v1/policies/${shadow.id}`, headers: admin(), payload: { name: 'restricted data stays in the EU', phase: 'run.create', expression, effect: 'deny', mode: 'enforce', severity: 'critical' } });
    expect(enforced.json()).toMatchObject({ mode: 'enforce', version: 2 });
    const denied = await createRun(inUs);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toContain('restricted data stays in the EU');
    expect((await createRun({ ...inUs, metadata: { dataClassification: 'restricted', region: 'eu-west-1' } })).statusCode).toBe(201);
    expect((await createRun({ ...inUs, metadata: { dataClassification: 'internal', region: 'us-east-1' } })).statusCode).toBe(201);
    await deletePolicy(shadow.id);
  });
});
