import type { Queryable } from '../queryable.js';

export interface RefreshTokenRow {
  id: string;
  tenant_id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
}

/** Outcome of presenting a refresh token: used now, or why not. */
export type RefreshTokenUse = { status: 'used'; token: RefreshTokenRow } | { status: 'reused' } | { status: 'unknown' };

/** The `refresh_tokens` table: single-use tokens, rotated within a family. */
export const refreshTokenStore = {
  async insert(database: Queryable, token: { id: string; tenantId: string; userId: string; familyId: string; tokenHash: Buffer; expiresAt: Date }): Promise<void> {
    await database.query('INSERT INTO refresh_tokens (id, tenant_id, user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      token.id,
      token.tenantId,
      token.userId,
      token.familyId,
      token.tokenHash,
      token.expiresAt,
    ]);
  },

  /**
   * Marks the token used, in one statement so that two concurrent uses cannot both win. A token
   * used before (a replay: someone else holds a copy) revokes its whole family.
   */
  async use(database: Queryable, tokenHash: Buffer): Promise<RefreshTokenUse> {
    const { rows } = await database.query<RefreshTokenRow & { outcome: 'used' | 'reused' }>(
      `WITH used AS (
         UPDATE refresh_tokens SET used_at = now()
         WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
         RETURNING id, tenant_id, user_id, family_id, expires_at
       ), replayed AS (
         UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now())
         WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM used)
         RETURNING family_id
       )
       SELECT used.*, 'used' AS outcome FROM used
       UNION ALL SELECT NULL, NULL, NULL, family_id, NULL, 'reused' FROM replayed LIMIT 1`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return { status: 'unknown' };
    if (row.outcome === 'reused') return { status: 'reused' };
    return { status: 'used', token: { id: row.id, tenant_id: row.tenant_id, user_id: row.user_id, family_id: row.family_id, expires_at: row.expires_at } };
  },

  /** Signs a user out everywhere (their password changed, they were disabled). */
  async revokeUser(database: Queryable, userId: string): Promise<void> {
    await database.query('UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE user_id = $1', [userId]);
  },

  async revokeFamily(database: Queryable, familyId: string): Promise<void> {
    await database.query('UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE family_id = $1', [familyId]);
  },
};
