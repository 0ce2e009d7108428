import type { Approval, ApprovalEscalationRole, ApprovalOutcome, ApprovalQuestion, ApprovalTimeoutOutcome } from '../../contracts/approval.js';
import type { ApprovalReasonCategory } from '../../core/approval-timeouts.js';

/** An `approvals` row as node-postgres returns it. */
export interface ApprovalRow {
  id: string;
  tenant_id: string;
  project_id: string | null;
  run_id: string;
  interrupt_id: string;
  gate: string;
  reason: string;
  reason_category: ApprovalReasonCategory;
  payload: unknown;
  questions: ApprovalQuestion[];
  status: Approval['status'];
  deadline: Date;
  timeout_outcome: ApprovalTimeoutOutcome;
  escalated_to: ApprovalEscalationRole | null;
  escalated_at: Date | null;
  outcome: ApprovalOutcome | null;
  decided_by: string | null;
  decided_at: Date | null;
  auto: boolean;
  created_at: Date;
}

/** An approval with its run's workflow: what the API shows. */
export type ApprovalWithWorkflow = ApprovalRow & { workflow: string };

/** Maps a row to the API's `Approval`. */
export function mapApprovalRow(row: ApprovalWithWorkflow): Approval {
  return {
    id: row.id,
    runId: row.run_id,
    workflow: row.workflow,
    projectId: row.project_id,
    gate: row.gate,
    reason: row.reason,
    reasonCategory: row.reason_category,
    payload: row.payload,
    questions: row.questions,
    status: row.status,
    deadline: row.deadline.toISOString(),
    timeoutOutcome: row.timeout_outcome,
    escalatedTo: row.escalated_to,
    escalatedAt: row.escalated_at?.toISOString() ?? null,
    outcome: row.outcome,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
