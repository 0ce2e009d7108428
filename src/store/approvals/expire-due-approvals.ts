import type pg from 'pg';
import { inTransaction } from '../queryable.js';
import { escalateApproval, isEscalationDue } from './escalate-approval.js';
import type { ApprovalRow } from './map-approval-row.js';
import { resolveApproval, timeoutOutcomeOf } from './resolve-approval.js';

/** What the timer did to the approvals whose deadline passed. */
export interface DueApprovals {
  /** Resolved with their timeout outcome (status `expired`). */
  expired: ApprovalRow[];
  /** Escalated: still pending, for their role, with a new deadline. */
  escalated: ApprovalRow[];
}

/**
 * Applies the timeout outcome of every pending approval whose deadline has passed: resolves it,
 * or, for `escalate` the first time, escalates it. State lives in the database, so a restart
 * loses nothing: the first timer tick after start catches up. `SKIP LOCKED` lets every process
 * run the timer without two of them handling the same row.
 */
export async function expireDueApprovals(pool: pg.Pool, batchSize = 100): Promise<DueApprovals> {
  return inTransaction(pool, async (client) => {
    const due = await client.query<ApprovalRow>(
      `SELECT * FROM approvals WHERE status = 'pending' AND deadline <= now() ORDER BY deadline LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    const handled: DueApprovals = { expired: [], escalated: [] };
    for (const approval of due.rows) {
      if (isEscalationDue(approval)) {
        handled.escalated.push(await escalateApproval(client, approval));
      } else {
        handled.expired.push(await resolveApproval(client, approval, timeoutOutcomeOf(approval), 'expired'));
      }
    }
    return handled;
  });
}

/** The nearest pending deadline, so the timer can sleep exactly until it. */
export async function findNextApprovalDeadline(database: Pick<pg.Pool, 'query'>): Promise<Date | undefined> {
  const { rows } = await database.query<{ deadline: Date | null }>(`SELECT min(deadline) AS deadline FROM approvals WHERE status = 'pending'`);
  return rows[0]?.deadline ?? undefined;
}
