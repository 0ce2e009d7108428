import type pg from 'pg';
import type { ApprovalEscalation, ApprovalTimeoutOutcome } from '../../contracts/approval.js';
import type { SerializedError } from '../../core/app-error.js';
import { appendRunEvents } from '../events/append-run-events.js';
import { createId } from '../ids/create-id.js';
import type { RunRow } from './map-run-row.js';

/** The interrupt id of the approval a `run.create` policy puts in front of a run. */
export const runCreateGateId = 'policy:run.create';

/**
 * A run that a `run.create` policy stopped before it started: recorded as `denied` with the
 * policy's reason, or held in `waiting_approval` behind an approval (approve: it is queued;
 * reject or a rejecting timeout: it ends `denied`; an escalating timeout keeps it waiting for the
 * role). Runs inside the caller's transaction, right after the run row was inserted as queued and
 * before anyone could claim it.
 */
export async function holdRunAtPolicy(
  client: pg.PoolClient,
  run: RunRow,
  hold: { kind: 'deny'; error: SerializedError } | { kind: 'approval'; gate: string; reason: string; reasonCategory: string; timeoutSeconds: number; timeoutOutcome: 'approve' | 'reject' | ApprovalEscalation },
): Promise<RunRow> {
  if (hold.kind === 'deny') {
    const { rows } = await client.query<RunRow>(`UPDATE runs SET status = 'denied', error = $2, ended_at = now(), updated_at = now() WHERE id = $1 RETURNING *`, [run.id, JSON.stringify(hold.error)]);
    await appendRunEvents(client, run.id, [{ type: 'run-ended', data: { status: 'denied', error: hold.error } }]);
    return rows[0] as RunRow;
  }
  const timeoutOutcome: ApprovalTimeoutOutcome = typeof hold.timeoutOutcome === 'string' ? { decision: hold.timeoutOutcome } : hold.timeoutOutcome;
  const { rows } = await client.query<RunRow>(`UPDATE runs SET status = 'waiting_approval', updated_at = now() WHERE id = $1 RETURNING *`, [run.id]);
  const approval = await client.query<{ id: string; deadline: Date }>(
    `INSERT INTO approvals (id, run_id, interrupt_id, gate, reason, reason_category, payload, questions, status, deadline, timeout_outcome)
     VALUES ($1, $2, $3, $4, $5, $6, '{}', '[]', 'pending', now() + make_interval(secs => $7), $8) RETURNING id, deadline`,
    [createId(), run.id, runCreateGateId, hold.gate, hold.reason, hold.reasonCategory, hold.timeoutSeconds, JSON.stringify(timeoutOutcome)],
  );
  const created = approval.rows[0] as { id: string; deadline: Date };
  await appendRunEvents(client, run.id, [
    { type: 'approval-requested', data: { approvalId: created.id, gate: hold.gate, reason: hold.reason, reasonCategory: hold.reasonCategory, questions: [], deadline: created.deadline.toISOString(), timeoutOutcome } },
    { type: 'run-waiting', data: { approvalIds: [created.id] } },
  ]);
  return rows[0] as RunRow;
}
