import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/create-test-database.js';
import { claimRuns } from './claim-runs.js';
import { insertRun, type NewRun } from './insert-run.js';

let database: TestDatabase;
const run = (overrides: Partial<NewRun> = {}): NewRun => ({ workflow: 'demo-steps', workflowVersion: 1, input: {}, priority: 0, maxAttempts: 3, ...overrides });
const claimant = (workerKey: number) => ({ workerName: `test#${workerKey}`, workerKey, leaseSeconds: 30 });

beforeAll(async () => {
  database = await createTestDatabase(20);
});

afterAll(async () => {
  await database?.drop();
});

describe('claimRuns', () => {
  it('skips runs another worker holds: concurrent claimers take disjoint sets', async () => {
    for (let index = 0; index < 60; index += 1) await insertRun(database.pool, run());
    const claims = await Promise.all(Array.from({ length: 8 }, (_, index) => claimRuns(database.pool, claimant(index + 1), 10)));
    const ids = claims.flat().map((row) => row.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    const started = await database.pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM run_events WHERE type = 'run-started'`);
    expect(started.rows[0]?.count).toBe(60);
  });

  it('waits for locked rows to be skipped, not blocked on, inside an open transaction', async () => {
    await insertRun(database.pool, run());
    await insertRun(database.pool, run());
    const holder = await database.pool.connect();
    try {
      await holder.query('BEGIN');
      const held = await claimRuns(holder, claimant(100), 1);
      expect(held).toHaveLength(1);
      const other = await claimRuns(database.pool, claimant(101), 5);
      expect(other.map((row) => row.id)).not.toContain(held[0]?.id);
      expect(other).toHaveLength(1);
      await holder.query('ROLLBACK');
    } finally {
      holder.release();
    }
    expect(await claimRuns(database.pool, claimant(102), 5)).toHaveLength(1);
  });

  it('claims by priority, then by due time, and leaves runs that are not due yet', async () => {
    const low = await insertRun(database.pool, run({ priority: -1 }));
    const high = await insertRun(database.pool, run({ priority: 5 }));
    const later = await insertRun(database.pool, run({ priority: 9 }));
    await database.pool.query(`UPDATE runs SET run_after = now() + interval '1 hour' WHERE id = $1`, [later.row.id]);
    const claimed = await claimRuns(database.pool, claimant(200), 10);
    expect(claimed.map((row) => row.id)).toEqual([high.row.id, low.row.id]);
    expect(claimed.every((row) => row.status === 'running' && row.lease_owner_key === 200)).toBe(true);
  });
});
