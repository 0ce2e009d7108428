import type pg from 'pg';
import type { ApprovalDecisionRequest } from '../../contracts/approval.js';
import { AppError } from '../../core/app-error.js';
import type { Role } from '../../core/permissions.js';
import { inTransaction } from '../queryable.js';
import { escalateApproval, isEscalationDue, mayDecideEscalated } from './escalate-approval.js';
import type { ApprovalRow } from './map-approval-row.js';
import { mergeAnswers, resolveApproval, timeoutOutcomeOf } from './resolve-approval.js';

/** The result of a decision request. */
export type DecisionResult = { kind: 'decided'; approval: ApprovalRow } | { kind: 'expired'; approval: ApprovalRow };

/**
 * Applies a person's decision to a pending approval. Deciding twice is `APPROVAL_ALREADY_DECIDED`.
 * A decision that arrives after the deadline, before the timer noticed, resolves the approval with
 * its timeout outcome right away (so the run does not wait for the timer) and reports `expired`;
 * if that outcome is an escalation, the approval is escalated here instead and the decision is
 * judged as one on the escalated approval. An escalated approval is decided only by its role (and
 * owners): anyone else gets `FORBIDDEN` naming the role.
 */
export async function decideApproval(pool: pg.Pool, approvalId: string, request: ApprovalDecisionRequest, decider: { role: Role }): Promise<DecisionResult> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<ApprovalRow & { overdue: boolean }>('SELECT *, deadline <= now() AS overdue FROM approvals WHERE id = $1 FOR UPDATE', [approvalId]);
    const approval = rows[0];
    if (!approval) {
      throw new AppError('APPROVAL_NOT_FOUND', `No approval has the id ${approvalId}.`, { approvalId });
    }
    if (approval.status === 'expired') {
      throw new AppError('APPROVAL_EXPIRED', `The approval expired at ${approval.deadline.toISOString()} and resolved with its timeout outcome (${timeoutOutcomeOf(approval).decision}).`, { approvalId, deadline: approval.deadline.toISOString(), outcome: approval.outcome });
    }
    if (approval.status !== 'pending') {
      throw new AppError('APPROVAL_ALREADY_DECIDED', `The approval was already ${approval.status}${approval.decided_by ? ` by ${approval.decided_by}` : ''}.`, { approvalId, status: approval.status, outcome: approval.outcome });
    }
    let current: ApprovalRow = approval;
    if (approval.overdue) {
      if (!isEscalationDue(approval)) {
        const expired = await resolveApproval(client, approval, timeoutOutcomeOf(approval), 'expired');
        return { kind: 'expired', approval: expired };
      }
      // A refusal below rolls this back with the rest; the timer escalates it again at its next tick.
      current = await escalateApproval(client, approval);
    }
    if (current.escalated_to !== null && !mayDecideEscalated(decider.role, current.escalated_to)) {
      const allowed = current.escalated_to === 'owner' ? 'owners' : 'admins and owners';
      throw new AppError('FORBIDDEN', `This approval was escalated to the ${current.escalated_to} role when its deadline passed: only ${allowed} may decide it (you are ${decider.role}).`, { approvalId, escalatedTo: current.escalated_to, role: decider.role });
    }
    validateDecision(current, request);
    const outcome = {
      approvalId: current.id,
      decision: request.decision,
      values: request.decision === 'reject' ? { ...request.values } : mergeAnswers(current, request.values),
      answered: request.decision === 'reject' ? [] : Object.keys(request.values ?? {}),
      comment: request.comment ?? null,
      decidedBy: request.decidedBy ?? null,
      auto: false,
    };
    const decided = await resolveApproval(client, current, outcome, request.decision === 'reject' ? 'rejected' : 'approved');
    return { kind: 'decided', approval: decided };
  });
}

function validateDecision(approval: ApprovalRow, request: ApprovalDecisionRequest): void {
  if (request.decision === 'answer' && approval.questions.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'This gate asks no questions; decide with "approve" or "reject".', { field: 'decision' });
  }
  if (request.decision === 'answer' && request.values === undefined) {
    throw new AppError('VALIDATION_FAILED', 'An "answer" decision needs "values" keyed by question id.', { field: 'values' });
  }
  const known = new Set(approval.questions.map((question) => question.id));
  for (const key of Object.keys(request.values ?? {})) {
    if (!known.has(key)) {
      throw new AppError('VALIDATION_FAILED', `"${key}" is not a question of this gate (expected one of: ${[...known].join(', ') || 'none'}).`, { field: `values.${key}` });
    }
  }
}
