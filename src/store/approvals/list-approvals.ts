import type { Approval } from '../../contracts/approval.js';
import { AppError } from '../../core/app-error.js';
import { decodeCursor, encodeCursor } from '../../core/pagination-cursor.js';
import type { Queryable } from '../queryable.js';
import type { ResourceScope } from '../resource-scope.js';
import type { ApprovalRow } from './map-approval-row.js';

/** Filters and page of `GET /approvals`. */
export interface ApprovalListFilter {
  runId?: string | undefined;
  status?: Approval['status'] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Newest approvals first, keyset-paginated on (created_at, id). */
export async function listApprovals(database: Queryable, scope: ResourceScope, filter: ApprovalListFilter): Promise<{ rows: ApprovalRow[]; nextCursor: string | null }> {
  const position = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  const { rows } = await database.query<ApprovalRow>(
    `SELECT * FROM approvals
     WHERE tenant_id = $6 AND ($7::uuid IS NULL OR project_id = $7)
       AND ($1::uuid IS NULL OR run_id = $1) AND ($2::text IS NULL OR status = $2)
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [filter.runId ?? null, filter.status ?? null, position?.at ?? null, position?.id ?? null, filter.limit + 1, scope.tenantId, scope.projectId],
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.created_at.toISOString(), id: last.id }) : null };
}

/** Loads one approval, or throws `APPROVAL_NOT_FOUND` (also outside `scope`). */
export async function findApproval(database: Queryable, approvalId: string, scope?: ResourceScope): Promise<ApprovalRow> {
  const { rows } = await database.query<ApprovalRow>(
    'SELECT * FROM approvals WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2) AND ($3::uuid IS NULL OR project_id = $3)',
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
