import { decodeCursor, encodeCursor } from '../../core/pagination-cursor.js';
import type { Queryable } from '../queryable.js';

export interface AuditEntry {
  id: string;
  tenantId: string;
  actorKind: 'user' | 'api_key' | 'local' | 'system';
  actorId: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  statusCode: number;
  diff: { before?: unknown; after?: unknown } | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditRow {
  id: string;
  tenant_id: string;
  actor_kind: AuditEntry['actorKind'];
  actor_id: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  status_code: number;
  diff: AuditEntry['diff'];
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
}

export interface AuditFilter {
  actorId?: string | undefined;
  action?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  since?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The `audit_log` table: appended to, read by admins, never changed (a trigger refuses it). */
export const auditLogStore = {
  async append(database: Queryable, entry: AuditEntry): Promise<void> {
    await database.query(
      `INSERT INTO audit_log (id, tenant_id, actor_kind, actor_id, action, resource_type, resource_id, status_code, diff, request_id, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [entry.id, entry.tenantId, entry.actorKind, entry.actorId, entry.action, entry.resourceType, entry.resourceId, entry.statusCode, entry.diff === null ? null : JSON.stringify(entry.diff), entry.requestId, entry.ip, entry.userAgent],
    );
  },

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(database: Queryable, tenantId: string, filter: AuditFilter): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
    const position = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    // Microsecond cursors (see listRuns).
    const { rows } = await database.query<AuditRow & { sort_key: string }>(
      `SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key FROM audit_log
       WHERE tenant_id = $1 AND ($2::text IS NULL OR actor_id = $2) AND ($3::text IS NULL OR action = $3)
         AND ($4::text IS NULL OR resource_type = $4) AND ($5::text IS NULL OR resource_id = $5)
         AND ($6::timestamptz IS NULL OR created_at >= $6)
         AND ($7::timestamptz IS NULL OR (created_at, id) < ($7::timestamptz, $8::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $9`,
      [tenantId, filter.actorId ?? null, filter.action ?? null, filter.resourceType ?? null, filter.resourceId ?? null, filter.since ?? null, position?.at ?? null, position?.id ?? null, filter.limit + 1],
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return { rows: page, nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.sort_key, id: last.id }) : null };
  },
};
