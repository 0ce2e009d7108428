import type pg from 'pg';
import type { ApprovalEscalation, ApprovalOutcome, ApprovalTimeoutOutcome } from '../../contracts/approval.js';
import { appendRunEvents } from '../events/append-run-events.js';
import { notificationChannels } from '../notification-channels.js';
import { runCreateGateId } from '../runs/hold-run-at-policy.js';
import type { ApprovalRow } from './map-approval-row.js';

/**
 * Records a pending approval's outcome (a person's decision or its timeout outcome) inside the
 * caller's transaction, appends `approval-decided`, and requeues the run once none of its
 * approvals is pending any more: the worker that claims it resumes the interrupted nodes with
 * these outcomes.
 */
export async function resolveApproval(client: pg.PoolClient, approval: ApprovalRow, outcome: ApprovalOutcome, status: 'approved' | 'rejected' | 'expired'): Promise<ApprovalRow> {
  const updated = await client.query<ApprovalRow>(
    `UPDATE approvals SET status = $2, outcome = $3, decided_by = $4, decided_at = now(), auto = $5 WHERE id = $1 RETURNING *`,
    [approval.id, status, JSON.stringify(outcome), outcome.decidedBy, outcome.auto],
  );
  await appendRunEvents(client, approval.run_id, [{ type: 'approval-decided', data: { approvalId: approval.id, gate: approval.gate, outcome } }]);
  // A run a policy held before it started, rejected: it never runs.
  if (approval.interrupt_id === runCreateGateId && outcome.decision === 'reject') {
    const error = { code: 'POLICY_DENIED' as const, message: `The approval a policy required before the run (${approval.gate}) was ${outcome.auto ? 'not given in time' : 'rejected'}.`, details: { approvalId: approval.id } };
    const denied = await client.query(`UPDATE runs SET status = 'denied', error = $2, ended_at = now(), updated_at = now() WHERE id = $1 AND status = 'waiting_approval' RETURNING id`, [approval.run_id, JSON.stringify(error)]);
    if (denied.rowCount === 1) await appendRunEvents(client, approval.run_id, [{ type: 'run-ended', data: { status: 'denied', error } }]);
    return updated.rows[0] as ApprovalRow;
  }
  const requeued = await client.query<{ run_after: Date; attempt: number }>(
    `UPDATE runs SET status = 'queued', run_after = now(), updated_at = now()
     WHERE id = $1 AND status = 'waiting_approval'
       AND NOT EXISTS (SELECT 1 FROM approvals WHERE run_id = $1 AND status = 'pending')
     RETURNING run_after, attempt`,
    [approval.run_id],
  );
  const run = requeued.rows[0];
  if (run) {
    await appendRunEvents(client, approval.run_id, [{ type: 'run-queued', data: { reason: 'approval-resolved', attempt: run.attempt, runAfter: run.run_after.toISOString() } }]);
    await client.query('SELECT pg_notify($1, $2)', [notificationChannels.runQueued, '']);
  }
  return updated.rows[0] as ApprovalRow;
}

/** The values a gate resolves with: the question defaults, overridden by any answers given. */
export function mergeAnswers(approval: ApprovalRow, answers: Record<string, unknown> | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const question of approval.questions) {
    values[question.id] = question.default;
  }
  return { ...values, ...answers };
}

/**
 * The outcome an approval resolves with when its deadline passes. An escalated approval that the
 * role did not decide by its second deadline is rejected (escalation happens once).
 */
export function timeoutOutcomeOf(approval: ApprovalRow): ApprovalOutcome {
  const timeout: Exclude<ApprovalTimeoutOutcome, ApprovalEscalation> = approval.timeout_outcome.decision === 'escalate' ? { decision: 'reject' } : approval.timeout_outcome;
  return {
    approvalId: approval.id,
    decision: timeout.decision,
    values: timeout.decision === 'reject' ? { ...timeout.values } : mergeAnswers(approval, timeout.values),
    // Values a gate set for its own timeout are not anybody's answers.
    answered: [],
    comment: null,
    decidedBy: null,
    auto: true,
  };
}
