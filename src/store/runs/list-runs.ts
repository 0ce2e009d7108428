import { decodeCursor, encodeCursor } from '../../core/pagination-cursor.js';
import type { RunStatus } from '../../core/run-status.js';
import type { Queryable } from '../queryable.js';
import type { ResourceScope } from '../resource-scope.js';
import type { RunRow } from './map-run-row.js';

/** Filters and page of `GET /runs`. */
export interface RunListFilter {
  status?: RunStatus | undefined;
  workflow?: string | undefined;
  /** Runs of one project (a project-scoped caller sees only its own). */
  projectId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Newest runs first, keyset-paginated on (created_at, id) so pages stay stable while runs are added. */
export async function listRuns(database: Queryable, scope: ResourceScope, filter: RunListFilter): Promise<{ rows: RunRow[]; nextCursor: string | null }> {
  const position = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  // The cursor keeps created_at to the microsecond (a JavaScript Date keeps milliseconds): a page
  // boundary inside one millisecond would otherwise skip the rows of that millisecond after it.
  const { rows } = await database.query<RunRow & { sort_key: string }>(
    `SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key FROM runs
     WHERE tenant_id = $6 AND ($7::uuid IS NULL OR project_id = $7)
       AND ($1::text IS NULL OR status = $1)
       AND ($2::text IS NULL OR workflow = $2)
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
     ORDER BY created_at DESC, id DESC
     LIMIT $5`,
    [filter.status ?? null, filter.workflow ?? null, position?.at ?? null, position?.id ?? null, filter.limit + 1, scope.tenantId, scope.projectId ?? filter.projectId ?? null],
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > filter.limit && last ? encodeCursor({ at: last.sort_key, id: last.id }) : null;
  return { rows: page, nextCursor };
}
