import type { ApprovalDecisionValue, ApprovalQuestion } from '../../contracts/approval.js';
import type { NewRunEvent } from '../../contracts/run-event.js';
import type { ApprovalReasonCategory } from '../../core/approval-timeouts.js';
import { appendRunEvents } from '../events/append-run-events.js';
import { createId } from '../ids/create-id.js';
import type pg from 'pg';
import { inTransaction } from '../queryable.js';
import type { ApprovalRow } from './map-approval-row.js';

/** A gate a node reached: what to ask, how long to wait, what happens if nobody answers. */
export interface ApprovalRequest {
  interruptId: string;
  gate: string;
  reason: string;
  reasonCategory: ApprovalReasonCategory;
  payload: unknown;
  questions: ApprovalQuestion[];
  timeoutSeconds: number;
  timeoutOutcome: ApprovalDecisionValue;
}

/**
 * Parks a running run at its gates: creates the approvals (once per interrupt: a node re-run after
 * a crash reaches the same interrupt id and finds its row), moves the run to `waiting_approval` and
 * releases the worker's lease. The run holds no worker slot and no transaction while it waits.
 * Returns undefined when the lease was lost.
 */
export async function waitForApprovals(pool: pg.Pool, runId: string, leaseOwnerKey: number, requests: readonly ApprovalRequest[]): Promise<ApprovalRow[] | undefined> {
  return inTransaction(pool, async (client) => {
    const run = await client.query(
      `UPDATE runs SET status = 'waiting_approval', lease_owner = NULL, lease_owner_key = NULL, lease_expires_at = NULL, updated_at = now()
       WHERE id = $1 AND lease_owner_key = $2 AND status = 'running' RETURNING id`,
      [runId, leaseOwnerKey],
    );
    if (run.rowCount !== 1) {
      return undefined;
    }
    const events: NewRunEvent[] = [];
    for (const request of requests) {
      const inserted = await client.query<ApprovalRow>(
        `INSERT INTO approvals (id, run_id, interrupt_id, gate, reason, reason_category, payload, questions, status, deadline, timeout_outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', now() + make_interval(secs => $9), $10)
         ON CONFLICT (run_id, interrupt_id) DO NOTHING RETURNING *`,
        [createId(), runId, request.interruptId, request.gate, request.reason, request.reasonCategory, JSON.stringify(request.payload ?? {}), JSON.stringify(request.questions), request.timeoutSeconds, JSON.stringify(request.timeoutOutcome)],
      );
      const approval = inserted.rows[0];
      if (approval) {
        events.push({
          type: 'approval-requested',
          data: {
            approvalId: approval.id,
            gate: approval.gate,
            reason: approval.reason,
            reasonCategory: approval.reason_category,
            questions: approval.questions,
            deadline: approval.deadline.toISOString(),
            timeoutOutcome: approval.timeout_outcome,
          },
        });
      }
    }
    const pending = await client.query<ApprovalRow>(`SELECT * FROM approvals WHERE run_id = $1 AND status = 'pending' ORDER BY created_at`, [runId]);
    events.push({ type: 'run-waiting', data: { approvalIds: pending.rows.map((row) => row.id) } });
    await appendRunEvents(client, runId, events);
    return pending.rows;
  });
}
