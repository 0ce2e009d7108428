import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Run } from '../contracts/run.js';
import type { RunEvent } from '../contracts/run-event.js';
import { listRunEvents } from '../store/events/list-run-events.js';
import { createTestApp } from '../testing/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../testing/create-test-database.js';
import { createRunThroughApi, getRunThroughApi, waitForRunStatus } from '../testing/run-api.js';
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
  await engine?.stop(500);
  await database?.drop();
});

// `app` is replaced when a test restarts the server, so each call passes the current one.
const createRun = (body: Record<string, unknown>) => createRunThroughApi(app, body);
const getRun = (runId: string) => getRunThroughApi(app, runId);
const waitForStatus = (runId: string, status: Run['status'], timeoutMs?: number) => waitForRunStatus(app, runId, status, timeoutMs);

async function stepRows(runId: string): Promise<{ step_index: number; attempt: number; status: string }[]> {
  const { rows } = await database.pool.query<{ step_index: number; attempt: number; status: string }>('SELECT step_index, attempt, status FROM steps WHERE run_id = $1 ORDER BY step_index, attempt', [runId]);
  return rows;
}

const nodeStartsByStep = (events: RunEvent[]) => {
  const counts = new Map<number, number>();
  for (const event of events) if (event.type === 'node-start') counts.set(event.data.stepIndex, (counts.get(event.data.stepIndex) ?? 0) + 1);
  return counts;
};

describe('run worker', () => {
  it('retries a retryable failure after a backoff and succeeds on the next attempt from the checkpoint', async () => {
    const run = await createRun({ workflow: 'demo-steps', input: { steps: 2, failFirstAttempts: 1 }, maxAttempts: 5 });
    const finished = await waitForStatus(run.id, 'succeeded');
    // Each of the two steps failed once: two retries.
    expect(finished.attempt).toBe(3);
    expect(await stepRows(run.id)).toEqual([
      { step_index: 1, attempt: 1, status: 'retrying' },
      { step_index: 1, attempt: 2, status: 'succeeded' },
      { step_index: 2, attempt: 1, status: 'retrying' },
      { step_index: 2, attempt: 2, status: 'succeeded' },
    ]);
    const retries = (await listRunEvents(database.pool, run.id, 0)).filter((event): event is Extract<RunEvent, { type: 'run-queued' }> => event.type === 'run-queued' && event.data.reason === 'retry');
    expect(retries).toHaveLength(2);
    for (const retry of retries) {
      expect(retry.data.error?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(Date.parse(retry.data.runAfter)).toBeGreaterThan(Date.parse(retry.createdAt));
    }
  });

  it('ends as failed after its last attempt, keeping the error', async () => {
    const run = await createRun({ workflow: 'demo-steps', input: { steps: 1, failFirstAttempts: 10 }, maxAttempts: 2 });
    const failed = await waitForStatus(run.id, 'failed');
    expect(failed.attempt).toBe(2);
    expect(failed.error?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((await stepRows(run.id)).map((step) => step.status)).toEqual(['retrying', 'failed']);
    const ended = (await listRunEvents(database.pool, run.id, 0)).at(-1);
    expect(ended).toMatchObject({ type: 'run-ended', data: { status: 'failed', error: { code: 'UPSTREAM_UNAVAILABLE' } } });
  });

  it('cancels a running run at its current node, and retrying it resumes from the checkpoint', async () => {
    const run = await createRun({ workflow: 'demo-steps', input: { steps: 8, delayMs: 300 } });
    await waitUntil(async () => ((await stepRows(run.id)).filter((step) => step.status === 'succeeded').length >= 2 ? true : undefined), 20_000, 'two steps');
    const cancel = await app.inject({ method: 'POST', url: `/api/v1/runs/${run.id}/cancel` });
    expect(cancel.statusCode).toBe(202);
    const cancelled = await waitForStatus(run.id, 'cancelled', 5_000);
    expect(cancelled.error?.code).toBe('RUN_CANCELLED');
    expect((await stepRows(run.id)).at(-1)?.status).toBe('cancelled');
    // Cancelling again is harmless; an ended run can be retried and finishes where it stopped.
    expect((await app.inject({ method: 'POST', url: `/api/v1/runs/${run.id}/cancel` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/v1/runs/${run.id}/retry` })).statusCode).toBe(200);
    const finished = await waitForStatus(run.id, 'succeeded');
    expect(finished.output).toEqual({ completed: 8 });
    const starts = nodeStartsByStep(await listRunEvents(database.pool, run.id, 0));
    expect([...starts.values()].filter((count) => count > 1)).toHaveLength(1);
    const succeeded = await app.inject({ method: 'POST', url: `/api/v1/runs/${run.id}/cancel` });
    expect(succeeded.statusCode).toBe(409);
    expect(succeeded.json().error.code).toBe('RUN_NOT_CANCELLABLE');
    expect((await app.inject({ method: 'POST', url: `/api/v1/runs/${run.id}/retry` })).json().error.code).toBe('RUN_NOT_RETRYABLE');
  });

  it('ends a run that exceeds its time limit as timed_out', async () => {
    const run = await createRun({ workflow: 'demo-steps', input: { steps: 50, delayMs: 200 }, timeoutSeconds: 1 });
    const timedOut = await waitForStatus(run.id, 'timed_out', 10_000);
    expect(timedOut.error?.code).toBe('RUN_TIMED_OUT');
  });

  it('claims higher priority runs first', async () => {
    await engine.stop(500);
    const low = await createRun({ workflow: 'demo-steps', input: { steps: 1 }, priority: -5 });
    const high = await createRun({ workflow: 'demo-steps', input: { steps: 1 }, priority: 10 });
    const middle = await createRun({ workflow: 'demo-steps', input: { steps: 1 } });
    engine = await startTestEngine(database, logger, { concurrency: 1 });
    await Promise.all([low, high, middle].map((run) => waitForStatus(run.id, 'succeeded')));
    const { rows } = await database.pool.query<{ id: string }>('SELECT id FROM runs WHERE id = ANY($1) ORDER BY started_at', [[low.id, high.id, middle.id]]);
    expect(rows.map((row) => row.id)).toEqual([high.id, middle.id, low.id]);
  });

  it('hands unfinished runs back on shutdown; another engine finishes them without repeating completed nodes', async () => {
    const run = await createRun({ workflow: 'demo-steps', input: { steps: 6, delayMs: 250 } });
    await waitUntil(async () => ((await stepRows(run.id)).filter((step) => step.status === 'succeeded').length >= 2 ? true : undefined), 20_000, 'two steps');
    await engine.stop(100);
    const handedBack = await getRun(run.id);
    expect(handedBack.status).toBe('queued');
    expect(handedBack.attempt).toBe(1);
    const events = await listRunEvents(database.pool, run.id, 0);
    expect(events.at(-1)).toMatchObject({ type: 'run-queued', data: { reason: 'handed-back' } });

    engine = await startTestEngine(database, logger);
    const finished = await waitForStatus(run.id, 'succeeded');
    expect(finished.output).toEqual({ completed: 6 });
    expect([...nodeStartsByStep(await listRunEvents(database.pool, run.id, 0)).values()].every((count) => count === 1)).toBe(true);
  });
});
