import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Approval } from '../contracts/approval.js';
import type { Run } from '../contracts/run.js';
import type { RunEvent } from '../contracts/run-event.js';
import { createTestApp } from '../testing/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../testing/create-test-database.js';
import { createRunThroughApi, waitForRunStatus } from '../testing/run-api.js';
import { createTestLogger } from '../testing/silent-logger.js';
import { startTestEngine } from '../testing/start-test-engine.js';
import { waitUntil } from '../testing/wait-until.js';
import type { Engine } from './start-engine.js';

const logger = createTestLogger();
let database: TestDatabase;
let engine: Engine;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger);
  app = await createTestApp(database, engine, logger);
});

afterAll(async () => {
  await app?.close();
  await engine?.stop(1_000);
  await database?.drop();
});

// `app` is replaced when a test restarts the server, so each call passes the current one.
const createRun = (input: Record<string, unknown>) => createRunThroughApi(app, { workflow: 'hello-approval', input });
const waitForStatus = (runId: string, status: Run['status']) => waitForRunStatus(app, runId, status, 20_000);

async function pendingApproval(runId: string): Promise<Approval> {
  return waitUntil(async () => {
    const list = (await app.inject({ method: 'GET', url: `/api/v1/approvals?runId=${runId}&status=pending` })).json<{ items: Approval[] }>();
    return list.items[0];
  }, 20_000, `a pending approval on run ${runId}`);
}

async function events(runId: string): Promise<RunEvent[]> {
  return (await app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/events` })).json<{ items: RunEvent[] }>().items;
}

describe('approval gates', () => {
  it('parks the run in waiting_approval without holding a worker, then resumes with an approval', async () => {
    const run = await createRun({ name: 'Ada' });
    const approval = await pendingApproval(run.id);
    const waiting = await waitForStatus(run.id, 'waiting_approval');
    expect(waiting.status).toBe('waiting_approval');
    expect(engine.worker?.activeRunIds).not.toContain(run.id);
    expect(approval.gate).toBe('publish-greeting');
    expect(approval.timeoutOutcome).toEqual({ decision: 'approve' });

    const decided = await app.inject({ method: 'POST', url: `/api/v1/approvals/${approval.id}/decision`, payload: { decision: 'approve', comment: 'looks good', decidedBy: 'grace' } });
    expect(decided.statusCode).toBe(200);
    expect(decided.json<Approval>().status).toBe('approved');

    const finished = await waitForStatus(run.id, 'succeeded');
    expect(finished.output).toEqual({ greeting: 'Hello, Ada!', result: 'published', decision: 'approve', decidedAutomatically: false });
    const log = await events(run.id);
    // The nodes before the gate ran once; the gate node ran twice (interrupted, then resumed).
    const starts = log.filter((event) => event.type === 'node-start').map((event) => event.data.node);
    expect(starts).toEqual(['greet', 'compose', 'review', 'review', 'publish']);
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index + 1));
    const artifacts = (await app.inject({ method: 'GET', url: `/api/v1/runs/${run.id}/artifacts` })).json<{ items: { id: string; name: string }[] }>().items;
    expect(artifacts.map((artifact) => artifact.name)).toEqual(['greeting.txt']);
    const download = await app.inject({ method: 'GET', url: `/api/v1/artifacts/${artifacts[0]?.id}/content` });
    expect(download.body).toContain('Hello, Ada!');
  });

  it('resumes with a rejection and the node sees it', async () => {
    const run = await createRun({ name: 'Linus' });
    const approval = await pendingApproval(run.id);
    await app.inject({ method: 'POST', url: `/api/v1/approvals/${approval.id}/decision`, payload: { decision: 'reject' } });
    const finished = await waitForStatus(run.id, 'succeeded');
    expect(finished.output).toMatchObject({ result: 'discarded', decision: 'reject' });
  });

  it('answers a second decision with 409 APPROVAL_ALREADY_DECIDED', async () => {
    const run = await createRun({ name: 'Barbara' });
    const approval = await pendingApproval(run.id);
    await app.inject({ method: 'POST', url: `/api/v1/approvals/${approval.id}/decision`, payload: { decision: 'approve' } });
    const second = await app.inject({ method: 'POST', url: `/api/v1/approvals/${approval.id}/decision`, payload: { decision: 'reject' } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('APPROVAL_ALREADY_DECIDED');
    await waitForStatus(run.id, 'succeeded');
  });

  it('rejects answers for a gate that asks no questions with a 400 naming the field', async () => {
    const run = await createRun({ name: 'Edsger' });
    const approval = await pendingApproval(run.id);
    const response = await app.inject({ method: 'POST', url: `/api/v1/approvals/${approval.id}/decision`, payload: { decision: 'answer', values: { colour: 'red' } } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.field).toBe('decision');
    expect((await app.inject({ method: 'GET', url: `/api/v1/approvals/${approval.id}` })).json<Approval>().status).toBe('pending');
  });

  it('resolves an unanswered approval with its timeout outcome at its deadline, and a late decision is 409 APPROVAL_EXPIRED', async () => {
    const run = await createRun({ name: 'Grace', approvalTimeoutSeconds: 1, timeoutOutcome: 'reject' });
    const approval = await pendingApproval(run.id);
    const finished = await waitForStatus(run.id, 'succeeded');
    expect(finished.output).toMatchObject({ result: 'discarded', decision: 'reject', decidedAutomatically: true });
    const expired = (await app.inject({ method: 'GET', url: `/api/v1/approvals/${approval.id}` })).json<Approval>();
    expect(expired.status).toBe('expired');
    expect(expired.outcome).toMatchObject({ decision: 'reject', auto: true });
    const decidedAt = Date.parse(expired.decidedAt ?? '');
    expect(decidedAt).toBeGreaterThanOrEqual(Date.parse(expired.deadline));
    const late = await app.inject({ method: 'POST', url: `/api/v1/approvals/${approval.id}/decision`, payload: { decision: 'approve' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('APPROVAL_EXPIRED');
  });

  it('applies the timeout outcome after a restart that happened while the run waited', async () => {
    const run = await createRun({ name: 'Katherine', approvalTimeoutSeconds: 2 });
    const approval = await pendingApproval(run.id);
    // Stop everything (no timer is running anywhere) until the deadline has passed.
    await app.close();
    await engine.stop(1_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(approval.deadline) - Date.now() + 300)));
    const stillPending = await database.pool.query<{ status: string }>('SELECT status FROM approvals WHERE id = $1', [approval.id]);
    expect(stillPending.rows[0]?.status).toBe('pending');

    engine = await startTestEngine(database, logger);
    app = await createTestApp(database, engine, logger);
    const finished = await waitForStatus(run.id, 'succeeded');
    expect(finished.output).toMatchObject({ result: 'published', decision: 'approve', decidedAutomatically: true });
  });
});
