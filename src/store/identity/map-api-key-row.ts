import type { ApiKey } from '../../contracts/identity.js';
import type { ApiKeyRow } from './api-key-store.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** A key as the API shows it: never its secret or hash. */
export function mapApiKeyRow(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    projectId: row.project_id,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  };
}
