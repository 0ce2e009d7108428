import type pg from 'pg';
import type { ApprovalEscalationRole } from '../../contracts/approval.js';
import type { Role } from '../../core/permissions.js';
import { appendRunEvents } from '../events/append-run-events.js';
import type { ApprovalRow } from './map-approval-row.js';

/** The role an approval is escalated to, or will be at its deadline; undefined when its timeout outcome is not `escalate`. */
export function escalationRoleOf(approval: ApprovalRow): ApprovalEscalationRole | undefined {
  if (approval.escalated_to !== null) return approval.escalated_to;
  return approval.timeout_outcome.decision === 'escalate' ? approval.timeout_outcome.escalateTo : undefined;
}

/** Whether the approval's deadline escalates it (rather than resolving it): `escalate`, not escalated yet. */
export function isEscalationDue(approval: ApprovalRow): boolean {
  return approval.timeout_outcome.decision === 'escalate' && approval.escalated_at === null;
}

/** Whether someone of `role` may decide an approval escalated to `escalatedTo`: its members, and owners. */
export function mayDecideEscalated(role: Role, escalatedTo: ApprovalEscalationRole): boolean {
  return role === 'owner' || role === escalatedTo;
}

/**
 * Escalates an approval whose deadline passed and whose timeout outcome is `escalate`, inside the
 * caller's transaction (which holds the row lock): it stays pending, from now on only the named
 * role (and owners) may decide it, and it gets the same timeout again, once, counted from now so
 * that the role has all of it even when the timer ran late (`deadline - created_at` is the timeout:
 * both are set by the statement that creates the row). Appends `approval-escalated`; the run keeps
 * waiting. Past the new deadline the approval resolves as a rejection (see `timeoutOutcomeOf`).
 */
export async function escalateApproval(client: pg.PoolClient, approval: ApprovalRow): Promise<ApprovalRow> {
  const escalateTo = escalationRoleOf(approval);
  if (escalateTo === undefined || !isEscalationDue(approval)) {
    throw new Error(`approval ${approval.id} has no escalation due`);
  }
  const { rows } = await client.query<ApprovalRow>(
    `UPDATE approvals SET escalated_to = $2, escalated_at = now(), deadline = now() + (deadline - created_at)
     WHERE id = $1 AND status = 'pending' AND escalated_at IS NULL RETURNING *`,
    [approval.id, escalateTo],
  );
  const escalated = rows[0];
  if (!escalated) throw new Error(`approval ${approval.id} was not pending and unescalated (the caller must hold its row lock)`);
  await appendRunEvents(client, approval.run_id, [{ type: 'approval-escalated', data: { approvalId: escalated.id, gate: escalated.gate, escalatedTo: escalateTo, deadline: escalated.deadline.toISOString() } }]);
  return escalated;
}
