import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../src/contracts/run-event.js';
import { listRunEvents } from '../src/store/events/list-run-events.js';
import { insertRun } from '../src/store/runs/insert-run.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/create-test-database.js';
import { spawnWorkers, type AgentbusProcess } from '../src/testing/spawn-agentbus-process.js';
import { waitUntil } from '../src/testing/wait-until.js';

let database: TestDatabase;
const workers: AgentbusProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
  await database?.drop();
});

describe('crash recovery', () => {
  it('finishes a run from its last checkpoint on another worker after its worker is killed with SIGKILL', async () => {
    workers.push(...spawnWorkers(2, database.connectionString, { AGENTBUS_CONCURRENCY: '2' }));
    const steps = 12;
    const { row: run } = await insertRun(database.pool, { workflow: 'demo-steps', workflowVersion: 1, input: { steps, delayMs: 150, failFirstAttempts: 0 }, priority: 0, maxAttempts: 3 });

    // Wait until a few nodes have completed on the first worker.
    const owner = await waitUntil(async () => {
      const { rows } = await database.pool.query<{ lease_owner: string; ended: number }>(
        `SELECT r.lease_owner, (SELECT count(*)::int FROM run_events e WHERE e.run_id = r.id AND e.type = 'node-end') AS ended
         FROM runs r WHERE r.id = $1 AND r.status = 'running'`,
        [run.id],
      );
      return rows[0] && rows[0].ended >= 4 ? rows[0].lease_owner : undefined;
    }, 30_000, 'four completed nodes');
    const ownerPid = Number.parseInt(owner.split(':')[1]?.split('#')[0] ?? '', 10);
    const victim = workers.find((worker) => worker.pid === ownerPid);
    expect(victim, `a worker with pid ${ownerPid} (${owner})`).toBeDefined();
    const completedBeforeKill = (await listRunEvents(database.pool, run.id, 0)).filter((event) => event.type === 'node-end' && event.data.status === 'succeeded').length;
    victim?.kill('SIGKILL');
    await victim?.exited;

    const finished = await waitUntil(async () => {
      const { rows } = await database.pool.query<{ status: string; output: unknown }>('SELECT status, output FROM runs WHERE id = $1', [run.id]);
      return rows[0]?.status === 'succeeded' ? rows[0] : undefined;
    }, 60_000, 'the run to succeed on the surviving worker');
    expect(finished.output).toEqual({ completed: steps });

    const events = await listRunEvents(database.pool, run.id, 0);
    // No gaps, no duplicates.
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    // Two claims: the second on the survivor, resumed from the checkpoint, after a worker-lost requeue.
    const started = events.filter((event): event is Extract<RunEvent, { type: 'run-started' }> => event.type === 'run-started');
    expect(started).toHaveLength(2);
    expect(started[1]?.data.resumed).toBe(true);
    expect(started[1]?.data.worker).not.toBe(started[0]?.data.worker);
    expect(events.some((event) => event.type === 'run-queued' && event.data.reason === 'worker-lost')).toBe(true);

    // Earlier nodes did not run again: each superstep succeeded exactly once; only the node in
    // flight at the kill ran twice (its first attempt is recorded as failed with WORKER_LOST).
    const nodeStarts = events.filter((event): event is Extract<RunEvent, { type: 'node-start' }> => event.type === 'node-start');
    const startsPerStep = new Map<number, number>();
    for (const event of nodeStarts) startsPerStep.set(event.data.stepIndex, (startsPerStep.get(event.data.stepIndex) ?? 0) + 1);
    const repeated = [...startsPerStep.entries()].filter(([, count]) => count > 1).map(([stepIndex]) => stepIndex);
    expect(repeated.length).toBeLessThanOrEqual(1);
    for (const stepIndex of repeated) expect(stepIndex).toBeGreaterThan(completedBeforeKill);
    const { rows: stepRows } = await database.pool.query<{ step_index: number; status: string; code: string | null }>(
      `SELECT step_index, status, error->>'code' AS code FROM steps WHERE run_id = $1 ORDER BY step_index, attempt`,
      [run.id],
    );
    expect(stepRows.filter((step) => step.status === 'succeeded')).toHaveLength(steps);
    expect(stepRows.filter((step) => step.status !== 'succeeded').every((step) => step.code === 'WORKER_LOST')).toBe(true);
  });
});
