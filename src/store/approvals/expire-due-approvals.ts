import type pg from 'pg';
import { inTransaction } from '../queryable.js';
import type { ApprovalRow } from './map-approval-row.js';
import { resolveApproval, timeoutOutcomeOf } from './resolve-approval.js';

/**
 * Resolves every pending approval whose deadline has passed with its timeout outcome. State lives
 * in the database, so a restart loses nothing: the first timer tick after start catches up.
 * `SKIP LOCKED` lets every process run the timer without two of them resolving the same row.
 */
export async function expireDueApprovals(pool: pg.Pool, batchSize = 100): Promise<ApprovalRow[]> {
  return inTransaction(pool, async (client) => {
    const due = await client.query<ApprovalRow>(
      `SELECT * FROM approvals WHERE status = 'pending' AND deadline <= now() ORDER BY deadline LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    const expired: ApprovalRow[] = [];
    for (const approval of due.rows) {
      expired.push(await resolveApproval(client, approval, timeoutOutcomeOf(approval), 'expired'));
    }
    return expired;
  });
}

/** The nearest pending deadline, so the timer can sleep exactly until it. */
export async function findNextApprovalDeadline(database: Pick<pg.Pool, 'query'>): Promise<Date | undefined> {
  const { rows } = await database.query<{ deadline: Date | null }>(`SELECT min(deadline) AS deadline FROM approvals WHERE status = 'pending'`);
  return rows[0]?.deadline ?? undefined;
}
