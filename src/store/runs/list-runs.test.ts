import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/create-test-database.js';
import { insertRun } from './insert-run.js';
import { listRuns } from './list-runs.js';

let database: TestDatabase;
const created: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  for (let index = 0; index < 23; index += 1) {
    const { row } = await insertRun(database.pool, { workflow: index % 2 === 0 ? 'demo-steps' : 'hello-approval', workflowVersion: 1, input: { index }, priority: 0, maxAttempts: 3 });
    created.push(row.id);
  }
  // Ties on created_at must not lose or repeat rows across pages.
  await database.pool.query(`UPDATE runs SET created_at = '2026-01-01T00:00:00Z' WHERE id = ANY($1)`, [created.slice(5, 12)]);
  // So must rows inside one millisecond (a cursor kept to the millisecond skipped them).
  await database.pool.query(
    `UPDATE runs SET created_at = '2026-02-01T00:00:00.123Z'::timestamptz + make_interval(secs => (array_position($1::uuid[], id) * 0.000011))
     WHERE id = ANY($1)`,
    [created.slice(12, 19)],
  );
});

afterAll(async () => {
  await database?.drop();
});

describe('listRuns', () => {
  it('pages through every run exactly once, newest first, even when timestamps tie or differ by microseconds', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listRuns(database.pool, { tenantId: '00000000-0000-0000-0000-000000000001', projectId: null }, { limit: 5, cursor });
      seen.push(...page.rows.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    expect(seen.sort()).toEqual([...created].sort());
  });

  it('filters by workflow and status', async () => {
    const approvals = await listRuns(database.pool, { tenantId: '00000000-0000-0000-0000-000000000001', projectId: null }, { workflow: 'hello-approval', limit: 50 });
    expect(approvals.rows).toHaveLength(11);
    expect(approvals.rows.every((row) => row.workflow === 'hello-approval')).toBe(true);
    expect((await listRuns(database.pool, { tenantId: '00000000-0000-0000-0000-000000000001', projectId: null }, { status: 'succeeded', limit: 50 })).rows).toHaveLength(0);
    expect((await listRuns(database.pool, { tenantId: '00000000-0000-0000-0000-000000000001', projectId: null }, { status: 'queued', limit: 50 })).rows).toHaveLength(23);
  });
});
