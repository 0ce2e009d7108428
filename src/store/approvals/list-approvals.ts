import type { Approval, ApprovalListSort } from '../../contracts/approval.js';
import { AppError } from '../../core/app-error.js';
import type { ApprovalReasonCategory } from '../../core/approval-timeouts.js';
import type { Queryable } from '../queryable.js';
import type { ResourceScope } from '../resource-scope.js';
import { decodeApprovalListCursor, encodeApprovalListCursor } from './approval-list-cursor.js';
import type { ApprovalRow, ApprovalWithWorkflow } from './map-approval-row.js';

/** Filters, order and page of `GET /approvals`. */
export interface ApprovalListFilter {
  runId?: string | undefined;
  status?: Approval['status'] | undefined;
  workflow?: string | undefined;
  reasonCategory?: ApprovalReasonCategory | undefined;
  projectId?: string | undefined;
  /** Newest first unless given. */
  sort?: ApprovalListSort | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Newest first, keyset-paginated on (created_at, id); or soonest deadline first on (deadline, id),
 * the inbox order (approvals_inbox_idx serves it for pending ones). An escalation moves a pending
 * approval's deadline, so between two pages of the deadline order it may move behind the cursor
 * (shown twice) or in front of it (not shown on this pass): the next refresh sees it in place.
 */
export async function listApprovals(database: Queryable, scope: ResourceScope, filter: ApprovalListFilter): Promise<{ rows: ApprovalWithWorkflow[]; nextCursor: string | null }> {
  const sort = filter.sort ?? 'newest';
  const position = filter.cursor === undefined ? undefined : decodeApprovalListCursor(sort, filter.cursor);
  const [sortColumn, keyset] =
    sort === 'newest'
      ? ['approvals.created_at', 'AND ($3::timestamptz IS NULL OR (approvals.created_at, approvals.id) < ($3::timestamptz, $4::uuid)) ORDER BY approvals.created_at DESC, approvals.id DESC']
      : ['approvals.deadline', 'AND ($3::timestamptz IS NULL OR (approvals.deadline, approvals.id) > ($3::timestamptz, $4::uuid)) ORDER BY approvals.deadline, approvals.id'];
  // The cursor keeps the sort key to the microsecond: a JavaScript Date keeps milliseconds, and a
  // truncated key would repeat (ascending) or skip (descending) rows at page boundaries.
  const { rows } = await database.query<ApprovalWithWorkflow & { sort_key: string }>(
    `SELECT approvals.*, runs.workflow, to_char(${sortColumn} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
     FROM approvals JOIN runs ON runs.id = approvals.run_id
     WHERE approvals.tenant_id = $6 AND ($7::uuid IS NULL OR approvals.project_id = $7)
       AND ($1::uuid IS NULL OR approvals.run_id = $1) AND ($2::text IS NULL OR approvals.status = $2)
       AND ($8::text IS NULL OR runs.workflow = $8) AND ($9::text IS NULL OR approvals.reason_category = $9)
       AND ($10::uuid IS NULL OR approvals.project_id = $10)
       ${keyset} LIMIT $5`,
    [filter.runId ?? null, filter.status ?? null, position?.at ?? null, position?.id ?? null, filter.limit + 1, scope.tenantId, scope.projectId, filter.workflow ?? null, filter.reasonCategory ?? null, filter.projectId ?? null],
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > filter.limit && last ? encodeApprovalListCursor(sort, { at: last.sort_key, id: last.id }) : null };
}

/** Loads one approval with its run's workflow, or throws `APPROVAL_NOT_FOUND` (also outside `scope`). */
export async function findApproval(database: Queryable, approvalId: string, scope?: ResourceScope): Promise<ApprovalWithWorkflow> {
  const { rows } = await database.query<ApprovalWithWorkflow>(
    `SELECT approvals.*, runs.workflow FROM approvals JOIN runs ON runs.id = approvals.run_id
     WHERE approvals.id = $1 AND ($2::uuid IS NULL OR approvals.tenant_id = $2) AND ($3::uuid IS NULL OR approvals.project_id = $3)`,
    [approvalId, scope?.tenantId ?? null, scope?.projectId ?? null],
  );
  if (!rows[0]) {
    throw new AppError('APPROVAL_NOT_FOUND', `No approval has the id ${approvalId}.`, { approvalId });
  }
  return rows[0];
}

/** Outcomes of a run's resolved approvals, keyed by interrupt id: what resumed nodes receive. */
export async function loadApprovalOutcomes(database: Queryable, runId: string): Promise<Map<string, ApprovalRow>> {
  const { rows } = await database.query<ApprovalRow>(`SELECT * FROM approvals WHERE run_id = $1 AND status <> 'pending'`, [runId]);
  return new Map(rows.map((row) => [row.interrupt_id, row]));
}
