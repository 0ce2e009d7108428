import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Run } from '../../contracts/run.js';
import { runEventSchema, type RunEvent } from '../../contracts/run-event.js';
import type { Engine } from '../../engine/start-engine.js';
import { listRunEvents } from '../../store/events/list-run-events.js';
import { createTestApp } from '../../testing/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../testing/create-test-database.js';
import { readServerSentEvents, type ServerSentFrame } from '../../testing/read-server-sent-events.js';
import { createTestLogger } from '../../testing/silent-logger.js';
import { spawnWorkers, type AgentbusProcess } from '../../testing/spawn-agentbus-process.js';
import { startTestEngine } from '../../testing/start-test-engine.js';
import { waitUntil } from '../../testing/wait-until.js';

const logger = createTestLogger();
let database: TestDatabase;
let engine: Engine;
let app: FastifyInstance;
let baseUrl: string;
let worker: AgentbusProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  // The API process runs no worker: runs execute in a separate process, so every live event
  // reaches the stream through LISTEN/NOTIFY across processes.
  engine = await startTestEngine(database, logger, { runWorker: false });
  app = await createTestApp(database, engine, logger, { heartbeatIntervalMs: 150 });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  [worker] = spawnWorkers(1, database.connectionString, { AGENTBUS_CONCURRENCY: '2' }) as [AgentbusProcess];
});

afterAll(async () => {
  worker?.kill('SIGKILL');
  await worker?.exited;
  await app?.close();
  await engine?.stop(500);
  await database?.drop();
});

async function createRun(workflow: string, input: Record<string, unknown>): Promise<Run> {
  const response = await fetch(`${baseUrl}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ workflow, input }) });
  expect(response.status).toBe(201);
  return (await response.json()) as Run;
}

/** Reads frames until `stop` says so or the server closes the stream. */
async function collect(runId: string, headers: Record<string, string>, stop: (frames: ServerSentFrame[]) => boolean = () => false): Promise<{ frames: ServerSentFrame[]; closedByServer: boolean }> {
  const controller = new AbortController();
  const frames: ServerSentFrame[] = [];
  for await (const frame of readServerSentEvents(`${baseUrl}/api/v1/runs/${runId}/stream`, headers, controller.signal)) {
    frames.push(frame);
    if (stop(frames)) {
      controller.abort();
      return { frames, closedByServer: false };
    }
  }
  return { frames, closedByServer: true };
}

const eventsOf = (frames: ServerSentFrame[]): RunEvent[] => frames.filter((frame) => frame.data !== undefined).map((frame) => runEventSchema.parse(JSON.parse(frame.data as string)));

describe('GET /api/v1/runs/:id/stream', () => {
  it('delivers exactly the missed events, in order, to a client that reconnects with Last-Event-ID, then the live ones', async () => {
    const run = await createRun('demo-steps', { steps: 16, delayMs: 60 });
    const first = await collect(run.id, {}, (frames) => eventsOf(frames).some((event) => event.seq >= 8));
    const firstEvents = eventsOf(first.frames);
    const lastSeen = firstEvents.at(-1)?.seq ?? 0;
    expect(firstEvents.map((event) => event.seq)).toEqual(firstEvents.map((_, index) => index + 1));
    for (const frame of first.frames.filter((candidate) => candidate.data !== undefined)) {
      expect(frame.id).toBe(runEventSchema.parse(JSON.parse(frame.data as string)).seq);
    }

    // Stay away while the run keeps going, so some events are only in the log.
    await waitUntil(async () => ((await listRunEvents(database.pool, run.id, lastSeen)).length >= 6 ? true : undefined), 20_000, 'events to pile up while disconnected');
    const reconnectedAt = Date.now();
    const second = await collect(run.id, { 'last-event-id': String(lastSeen) });
    expect(second.closedByServer).toBe(true);
    const secondEvents = eventsOf(second.frames);
    expect(secondEvents[0]?.seq).toBe(lastSeen + 1);
    expect(secondEvents.map((event) => event.seq)).toEqual(secondEvents.map((_, index) => lastSeen + 1 + index));
    expect(secondEvents.at(-1)?.type).toBe('run-ended');
    // Some were replayed from the log, the rest arrived live after the reconnect.
    expect(secondEvents.some((event) => Date.parse(event.createdAt) < reconnectedAt)).toBe(true);
    expect(secondEvents.some((event) => Date.parse(event.createdAt) > reconnectedAt)).toBe(true);

    const stored = await listRunEvents(database.pool, run.id, 0);
    expect([...firstEvents, ...secondEvents]).toEqual(stored);
  });

  it('replays a finished run and closes; a reconnect after the last event closes at once', async () => {
    const run = await createRun('demo-steps', { steps: 2 });
    const ended = await collect(run.id, { 'last-event-id': '-1' });
    const events = eventsOf(ended.frames);
    expect(ended.closedByServer).toBe(true);
    expect(events.at(-1)?.type).toBe('run-ended');
    const again = await collect(run.id, { 'last-event-id': String(events.at(-1)?.seq) });
    expect(again.closedByServer).toBe(true);
    expect(eventsOf(again.frames)).toEqual([]);
  });

  it('sends heartbeat comments while a run waits', async () => {
    const run = await createRun('hello-approval', { name: 'Heartbeat' });
    const { frames } = await collect(run.id, {}, (received) => received.filter((frame) => frame.comment === 'heartbeat').length >= 3);
    expect(frames.filter((frame) => frame.comment === 'heartbeat').length).toBeGreaterThanOrEqual(3);
  });

  it('ends open streams when the server closes, so shutdown never waits for watching clients', async () => {
    const run = await createRun('hello-approval', { name: 'Shutdown' });
    const secondApp = await createTestApp(database, engine, logger, { heartbeatIntervalMs: 150 });
    const secondUrl = await secondApp.listen({ host: '127.0.0.1', port: 0 });
    const controller = new AbortController();
    const received: ServerSentFrame[] = [];
    const reading = (async () => {
      for await (const frame of readServerSentEvents(`${secondUrl}/api/v1/runs/${run.id}/stream`, {}, controller.signal)) received.push(frame);
    })();
    await waitUntil(async () => (received.some((frame) => frame.event === 'run-waiting') ? true : undefined), 20_000, 'the run to wait');
    const closing = Date.now();
    await secondApp.close();
    await reading;
    expect(Date.now() - closing).toBeLessThan(5_000);
    controller.abort();
  });

  it('answers a bad Last-Event-ID with 400 and an unknown run with 404, in the error shape', async () => {
    const run = await createRun('demo-steps', { steps: 1 });
    const bad = await fetch(`${baseUrl}/api/v1/runs/${run.id}/stream`, { headers: { 'last-event-id': 'abc' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const missing = await fetch(`${baseUrl}/api/v1/runs/00000000-0000-7000-8000-000000000000/stream`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('RUN_NOT_FOUND');
  });
});
