import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalListSchema, approvalSchema, type Approval } from '../../src/contracts/approval.js';
import type { RunEvent } from '../../src/contracts/run-event.js';
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

const owner = () => governed.bearer(governed.tenants.first.keys.owner);
const admin = () => governed.bearer(governed.tenants.first.keys.admin);
const developer = () => governed.bearer(governed.tenants.first.keys.developer);
const stranger = () => governed.bearer(governed.tenants.second.keys.owner);

async function post<T>(url: string, headers: { authorization: string }, payload: Record<string, unknown>, status = 201): Promise<T> {
  const response = await governed.app.inject({ method: 'POST', url, headers, payload });
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T>();
}

const createProject = (name: string) => post<{ id: string }>('/api/v1/projects', admin(), { name });
const createPolicy = (body: Record<string, unknown>) => post<{ id: string }>('/api/v1/policies', admin(), body);
const createRun = (payload: Record<string, unknown>) => post<{ id: string; status: string }>('/api/v1/runs', developer(), payload);
const helloRun = (name: string, approvalTimeoutSeconds: number, extra: Record<string, unknown> = {}) => createRun({ workflow: 'hello-approval', input: { name, approvalTimeoutSeconds }, ...extra });

async function deletePolicy(id: string): Promise<void> {
  expect((await governed.app.inject({ method: 'DELETE', url: `/api/v1/policies/${id}`, headers: admin() })).statusCode).toBe(200);
}

/** One page of the inbox, checked against the contract. */
async function listApprovals(query: string, headers = developer()): Promise<{ items: Approval[]; nextCursor: string | null }> {
  const response = await governed.app.inject({ method: 'GET', url: `/api/v1/approvals?${query}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return approvalListSchema.parse(response.json());
}

/** Every page of a query, following `nextCursor`. */
async function listAllPages(query: string): Promise<Approval[]> {
  const items: Approval[] = [];
  let cursor: string | null = null;
  do {
    const page = await listApprovals(`${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

const pendingApproval = (runId: string): Promise<Approval> => waitUntil(async () => (await listApprovals(`runId=${runId}&status=pending`)).items[0], 20_000, `a pending approval of run ${runId}`);

async function getApproval(approvalId: string): Promise<Approval> {
  const response = await governed.app.inject({ method: 'GET', url: `/api/v1/approvals/${approvalId}`, headers: developer() });
  expect(response.statusCode, response.body).toBe(200);
  return approvalSchema.parse(response.json());
}

const decide = (approvalId: string, headers: { authorization: string }, payload: Record<string, unknown>) => governed.app.inject({ method: 'POST', url: `/api/v1/approvals/${approvalId}/decision`, headers, payload });

async function runStatus(runId: string, wanted: readonly string[]): Promise<{ status: string; error: { code: string; message: string } | null }> {
  return waitUntil(async () => {
    const run = (await governed.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}`, headers: developer() })).json<{ status: string; error: { code: string; message: string } | null }>();
    return wanted.includes(run.status) ? run : undefined;
  }, 20_000, `run ${runId} to be ${wanted.join(' or ')}`);
}

async function events(runId: string): Promise<RunEvent[]> {
  return (await governed.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/events`, headers: developer() })).json<{ items: RunEvent[] }>().items;
}

const secondsUntil = (iso: string) => (Date.parse(iso) - Date.now()) / 1000;

describe('the approvals inbox', () => {
  it('filters by workflow, reason category and project, and shows each approval\'s workflow and project', async () => {
    const project = await createProject('inbox filters');
    const [outside, inside, design] = await Promise.all([
      helloRun('Ada', 3600),
      helloRun('Grace', 3600, { projectId: project.id }),
      // The MLOps Architect's input gate asks clarifying questions (reason category `input`).
      createRun({ workflow: 'mlops-architect', input: { request: 'Detect card fraud in real time for an online shop.', questionTimeoutSeconds: 3600 } }),
    ]);
    const [outsideGate, insideGate, designGate] = await Promise.all([pendingApproval(outside.id), pendingApproval(inside.id), pendingApproval(design.id)]);
    expect(outsideGate).toMatchObject({ workflow: 'hello-approval', projectId: null, escalatedTo: null, escalatedAt: null, reasonCategory: 'quality' });
    expect(insideGate).toMatchObject({ workflow: 'hello-approval', projectId: project.id });
    expect(designGate).toMatchObject({ workflow: 'mlops-architect', reasonCategory: 'input' });

    const ids = (page: { items: Approval[] }) => page.items.map((approval) => approval.id);
    const byWorkflow = await listApprovals('workflow=hello-approval&limit=200');
    expect(ids(byWorkflow)).toEqual(expect.arrayContaining([outsideGate.id, insideGate.id]));
    expect(ids(byWorkflow)).not.toContain(designGate.id);
    expect(byWorkflow.items.every((approval) => approval.workflow === 'hello-approval')).toBe(true);
    expect(ids(await listApprovals('reasonCategory=input&limit=200'))).toEqual([designGate.id]);
    expect(ids(await listApprovals(`projectId=${project.id}`))).toEqual([insideGate.id]);
    expect(ids(await listApprovals(`projectId=${project.id}&workflow=mlops-architect`))).toEqual([]);
    expect(ids(await listApprovals(`projectId=${project.id}&reasonCategory=quality&status=pending&sort=deadline`))).toEqual([insideGate.id]);
    // Another tenant sees nothing of it, whatever it filters on.
    expect(ids(await listApprovals(`projectId=${project.id}`, stranger()))).toEqual([]);

    const bad = await governed.app.inject({ method: 'GET', url: '/api/v1/approvals?reasonCategory=urgent', headers: developer() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toContain('reasonCategory');
    expect((await governed.app.inject({ method: 'GET', url: '/api/v1/approvals?sort=oldest', headers: developer() })).statusCode).toBe(400);
  });

  it('lists pending approvals soonest deadline first, page by page, with ties broken by id and no approval lost or repeated', async () => {
    const project = await createProject('inbox paging');
    const timeouts = [900, 300, 1200, 600, 3600, 600, 60];
    const runs = await Promise.all(timeouts.map((seconds, index) => helloRun(`Paging ${index}`, seconds, { projectId: project.id })));
    const gates = await Promise.all(runs.map((run) => pendingApproval(run.id)));
    // Two approvals with the same deadline, to page across the tie.
    await database.pool.query('UPDATE approvals SET deadline = $2 WHERE id = ANY($1)', [[gates[3]?.id, gates[5]?.id], new Date(Date.now() + 600_000)]);

    const soonestFirst = await listAllPages(`projectId=${project.id}&status=pending&sort=deadline&limit=2`);
    expect(soonestFirst).toHaveLength(timeouts.length);
    expect(new Set(soonestFirst.map((approval) => approval.id))).toEqual(new Set(gates.map((gate) => gate.id)));
    const keys = soonestFirst.map((approval) => [Date.parse(approval.deadline), approval.id] as const);
    for (let index = 1; index < keys.length; index += 1) {
      const [previous, current] = [keys[index - 1], keys[index]] as [readonly [number, string], readonly [number, string]];
      expect(previous[0] < current[0] || (previous[0] === current[0] && previous[1] < current[1]), `${soonestFirst[index - 1]?.deadline} ${previous[1]} before ${soonestFirst[index]?.deadline} ${current[1]}`).toBe(true);
    }
    expect(soonestFirst[0]?.runId).toBe(runs[6]?.id);
    expect(soonestFirst.at(-1)?.runId).toBe(runs[4]?.id);

    // The default order still pages: newest first, page by page as in one page.
    const newestFirst = await listAllPages(`projectId=${project.id}&limit=3`);
    expect(newestFirst.map((approval) => approval.id)).toEqual((await listApprovals(`projectId=${project.id}&limit=200`)).items.map((approval) => approval.id));
    expect(newestFirst.every((approval, index) => index === 0 || Date.parse(approval.createdAt) <= Date.parse(newestFirst[index - 1]?.createdAt as string))).toBe(true);
    expect(new Set(newestFirst.map((approval) => approval.id))).toEqual(new Set(gates.map((gate) => gate.id)));

    // A cursor belongs to its order.
    const deadlineCursor = (await listApprovals(`projectId=${project.id}&sort=deadline&limit=2`)).nextCursor as string;
    const newestCursor = (await listApprovals(`projectId=${project.id}&limit=2`)).nextCursor as string;
    for (const url of [`/api/v1/approvals?cursor=${deadlineCursor}`, `/api/v1/approvals?sort=deadline&cursor=${newestCursor}`, '/api/v1/approvals?sort=deadline&cursor=bm9uc2Vuc2U']) {
      const refused = await governed.app.inject({ method: 'GET', url, headers: developer() });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().error.code).toBe('INVALID_CURSOR');
    }
  });

  it('decides in place with a comment, and answers a question gate (unanswered questions keep their defaults)', async () => {
    const run = await helloRun('Barbara', 3600);
    await pendingApproval(run.id);
    const inbox = await listApprovals('workflow=hello-approval&status=pending&sort=deadline&limit=200');
    const gate = inbox.items.find((approval) => approval.runId === run.id) as Approval;
    const decided = await decide(gate.id, developer(), { decision: 'approve', comment: 'reviewed from the inbox' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(approvalSchema.parse(decided.json())).toMatchObject({ status: 'approved', workflow: 'hello-approval', outcome: { decision: 'approve', comment: 'reviewed from the inbox', auto: false, decidedBy: expect.stringMatching(/^abk_/) } });
    expect((await listApprovals('status=pending&limit=200')).items.map((approval) => approval.id)).not.toContain(gate.id);
    await runStatus(run.id, ['succeeded']);

    const design = await createRun({ workflow: 'mlops-architect', input: { request: 'Forecast weekly demand for 200 stores.', questionTimeoutSeconds: 3600 } });
    await pendingApproval(design.id);
    const questionGate = (await listApprovals(`runId=${design.id}&reasonCategory=input&status=pending&sort=deadline`)).items[0] as Approval;
    expect(questionGate.questions.length).toBeGreaterThan(1);
    const [asked, ...untouched] = questionGate.questions as [Approval['questions'][number], ...Approval['questions']];
    const answer = asked.choices?.find((choice) => JSON.stringify(choice) !== JSON.stringify(asked.default)) ?? asked.default;
    const answered = await decide(questionGate.id, developer(), { decision: 'answer', values: { [asked.id]: answer }, comment: 'one answer, defaults for the rest' });
    expect(answered.statusCode, answered.body).toBe(200);
    const outcome = approvalSchema.parse(answered.json()).outcome;
    expect(outcome).toMatchObject({ decision: 'answer', answered: [asked.id], comment: 'one answer, defaults for the rest' });
    expect(outcome?.values[asked.id]).toEqual(answer);
    for (const question of untouched) expect(outcome?.values[question.id]).toEqual(question.default);
  });

  it('uses the reason category\'s default timeout when a require_approval policy gives none (run.create and step.before)', async () => {
    const held = await createPolicy({ name: 'security review first', phase: 'run.create', expression: 'run.dataClassification == "secret"', effect: 'require_approval', approval: { reasonCategory: 'security', timeoutOutcome: 'reject' } });
    const stepped = await createPolicy({ name: 'cost check per step', phase: 'step.before', expression: 'run.workflow == "demo-steps" && run.dataClassification == "costly"', effect: 'require_approval', approval: { reasonCategory: 'cost', timeoutOutcome: 'reject' } });
    const heldRun = await helloRun('Secret', 3600, { metadata: { dataClassification: 'secret' } });
    expect(heldRun.status).toBe('waiting_approval');
    const stepRun = await createRun({ workflow: 'demo-steps', input: { steps: 1, delayMs: 0 }, metadata: { dataClassification: 'costly' } });
    const [securityGate, costGate] = await Promise.all([pendingApproval(heldRun.id), pendingApproval(stepRun.id)]);
    expect(securityGate).toMatchObject({ gate: 'policy:security review first', reasonCategory: 'security' });
    expect(secondsUntil(securityGate.deadline)).toBeGreaterThan(3500);
    expect(secondsUntil(securityGate.deadline)).toBeLessThanOrEqual(3600);
    expect(costGate).toMatchObject({ gate: 'policy:cost check per step', reasonCategory: 'cost' });
    expect(secondsUntil(costGate.deadline)).toBeGreaterThan(1700);
    expect(secondsUntil(costGate.deadline)).toBeLessThanOrEqual(1800);
    await Promise.all([deletePolicy(held.id), deletePolicy(stepped.id)]);
  });

  it('escalates an approval nobody decided in time to the policy\'s role: others get 403, an admin decides, and one left alone is rejected at the second deadline', async () => {
    const policy = await createPolicy({
      name: 'escalate to admins',
      phase: 'run.create',
      expression: 'run.dataClassification == "escalate"',
      effect: 'require_approval',
      approval: { reasonCategory: 'compliance', timeoutSeconds: 1, timeoutOutcome: 'escalate', escalateTo: 'admin' },
    });
    const [decidedRun, abandonedRun] = await Promise.all([helloRun('Escalated', 1, { metadata: { dataClassification: 'escalate' } }), helloRun('Abandoned', 1, { metadata: { dataClassification: 'escalate' } })]);
    const [gate, abandonedGate] = await Promise.all([pendingApproval(decidedRun.id), pendingApproval(abandonedRun.id)]);
    expect(gate).toMatchObject({ timeoutOutcome: { decision: 'escalate', escalateTo: 'admin' }, escalatedTo: null });

    const escalated = await waitUntil(async () => {
      const approval = await getApproval(gate.id);
      return approval.escalatedTo === null ? undefined : approval;
    }, 10_000, 'the escalation');
    expect(escalated).toMatchObject({ status: 'pending', escalatedTo: 'admin' });
    // The same timeout again, once, from the escalation.
    const extension = Date.parse(escalated.deadline) - Date.parse(escalated.escalatedAt as string);
    expect(extension).toBeGreaterThanOrEqual(999);
    expect(extension).toBeLessThanOrEqual(1001);
    expect(Date.parse(escalated.deadline)).toBeGreaterThan(Date.parse(gate.deadline));

    const refused = await decide(gate.id, developer(), { decision: 'approve' });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'FORBIDDEN', details: { escalatedTo: 'admin', role: 'developer' } });
    expect(refused.json().error.message).toContain('admin');
    const approved = await decide(gate.id, admin(), { decision: 'approve', comment: 'escalated and approved' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approvalSchema.parse(approved.json())).toMatchObject({ status: 'approved', escalatedTo: 'admin', outcome: { decision: 'approve', auto: false } });
    // hello-approval's own gate times out to approve after a second: the run completes.
    expect((await runStatus(decidedRun.id, ['succeeded', 'failed', 'denied'])).status).toBe('succeeded');
    const log = await events(decidedRun.id);
    expect(log.find((event) => event.type === 'approval-escalated')?.data).toEqual({ approvalId: gate.id, gate: 'policy:escalate to admins', escalatedTo: 'admin', deadline: escalated.deadline });

    // Left alone: escalated once, then rejected automatically; the run never starts.
    const ended = await runStatus(abandonedRun.id, ['denied', 'queued', 'running', 'succeeded']);
    expect(ended.status).toBe('denied');
    expect(ended.error?.code).toBe('POLICY_DENIED');
    const expired = await getApproval(abandonedGate.id);
    expect(expired).toMatchObject({ status: 'expired', escalatedTo: 'admin', outcome: { decision: 'reject', auto: true } });
    expect(Date.parse(expired.decidedAt as string)).toBeGreaterThanOrEqual(Date.parse(expired.deadline));
    const types = (await events(abandonedRun.id)).map((event) => event.type);
    expect(types.filter((type) => type.startsWith('approval-'))).toEqual(['approval-requested', 'approval-escalated', 'approval-decided']);
    const late = await decide(abandonedGate.id, owner(), { decision: 'approve' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('APPROVAL_EXPIRED');
    await deletePolicy(policy.id);
  });
});
