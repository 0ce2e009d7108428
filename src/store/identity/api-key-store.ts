import type { Role } from '../../core/permissions.js';
import type { Queryable } from '../queryable.js';

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  prefix: string;
  secret_hash: Buffer;
  role: Role;
  project_id: string | null;
  created_by: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
}

export interface NewApiKeyRow {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  secretHash: Buffer;
  role: Role;
  projectId: string | null;
  createdBy: string | null;
  expiresAt: Date | null;
}

/** The `api_keys` table: every query but the lookup by prefix (authentication) is scoped to a tenant. */
export const apiKeyStore = {
  async insert(database: Queryable, key: NewApiKeyRow): Promise<ApiKeyRow> {
    const { rows } = await database.query<ApiKeyRow>(
      `INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, role, project_id, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [key.id, key.tenantId, key.name, key.prefix, key.secretHash, key.role, key.projectId, key.createdBy, key.expiresAt],
    );
    return rows[0] as ApiKeyRow;
  },

  /** Authentication's lookup: the prefix is unique across tenants. */
  async findByPrefix(database: Queryable, prefix: string): Promise<ApiKeyRow | undefined> {
    const { rows } = await database.query<ApiKeyRow>('SELECT * FROM api_keys WHERE prefix = $1', [prefix]);
    return rows[0];
  },

  async find(database: Queryable, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
    const { rows } = await database.query<ApiKeyRow>('SELECT * FROM api_keys WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0];
  },

  async list(database: Queryable, tenantId: string, includeRevoked: boolean): Promise<ApiKeyRow[]> {
    const { rows } = await database.query<ApiKeyRow>(
      `SELECT * FROM api_keys WHERE tenant_id = $1 AND ($2 OR revoked_at IS NULL) ORDER BY created_at DESC, id DESC LIMIT 1000`,
      [tenantId, includeRevoked],
    );
    return rows;
  },

  /** Revokes the key (idempotent: the first revocation time stays). */
  async revoke(database: Queryable, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
    const { rows } = await database.query<ApiKeyRow>('UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = $1 AND id = $2 RETURNING *', [tenantId, id]);
    return rows[0];
  },

  /** Records that keys were used (batched by the authenticator, at most once a minute per key). */
  async touch(database: Queryable, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await database.query('UPDATE api_keys SET last_used_at = now() WHERE id = ANY($1::uuid[])', [ids]);
  },
};
