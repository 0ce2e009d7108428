import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRun } from '../src/store/runs/insert-run.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/create-test-database.js';
import { spawnWorkers, type AgentbusProcess } from '../src/testing/spawn-agentbus-process.js';
import { waitUntil } from '../src/testing/wait-until.js';

const runCount = 2_000;
const stepsPerRun = 2;
let database: TestDatabase;
let workers: AgentbusProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
  await database?.drop();
});

describe('run queue under contention', () => {
  // Usually 40–60 s; the wait below allows 180 s on a busy machine, so the test's own limit is longer.
  it('executes every one of 2,000 runs exactly once across 4 worker processes', async () => {
    workers = spawnWorkers(4, database.connectionString);
    for (let batch = 0; batch < runCount; batch += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, runCount - batch) }, () =>
          insertRun(database.pool, { workflow: 'demo-steps', workflowVersion: 1, input: { steps: stepsPerRun, delayMs: 0, failFirstAttempts: 0 }, priority: 0, maxAttempts: 3 }),
        ),
      );
    }
    await waitUntil(
      async () => {
        const { rows } = await database.pool.query<{ finished: number }>(`SELECT count(*)::int AS finished FROM runs WHERE status NOT IN ('queued', 'running')`);
        return rows[0]?.finished === runCount ? true : undefined;
      },
      180_000,
      'every run to finish',
    );

    const statuses = await database.pool.query<{ status: string; count: number }>('SELECT status, count(*)::int AS count FROM runs GROUP BY status');
    expect(statuses.rows).toEqual([{ status: 'succeeded', count: runCount }]);

    // Exactly one claim per run: one run-started event each, and attempt still 1 (never retried).
    const starts = await database.pool.query<{ run_id: string; starts: number }>(
      `SELECT r.id AS run_id, count(e.*)::int AS starts FROM runs r LEFT JOIN run_events e ON e.run_id = r.id AND e.type = 'run-started'
       GROUP BY r.id HAVING count(e.*) <> 1`,
    );
    expect(starts.rows).toEqual([]);
    const attempts = await database.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM runs WHERE attempt <> 1');
    expect(attempts.rows[0]?.count).toBe(0);

    // No duplicate step completion: exactly `stepsPerRun` steps per run, each succeeded on its first attempt.
    const steps = await database.pool.query<{ total: number; succeeded: number; first_attempts: number; slots: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE attempt = 1)::int AS first_attempts,
              count(DISTINCT (run_id, step_index, node))::int AS slots
       FROM steps`,
    );
    expect(steps.rows[0]).toEqual({ total: runCount * stepsPerRun, succeeded: runCount * stepsPerRun, first_attempts: runCount * stepsPerRun, slots: runCount * stepsPerRun });

    // Every run's log is gap-free: seq 1..n.
    const gaps = await database.pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM (SELECT run_id, max(seq) AS top, count(*) AS events FROM run_events GROUP BY run_id) logs WHERE top <> events`,
    );
    expect(gaps.rows[0]?.count).toBe(0);

    // The work really was shared: every worker process claimed runs.
    const byWorker = await database.pool.query<{ worker: string }>(`SELECT DISTINCT data->>'worker' AS worker FROM run_events WHERE type = 'run-started'`);
    expect(byWorker.rows.length).toBe(4);
  }, 240_000);
});
