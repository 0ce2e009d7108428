import type { Queryable } from '../queryable.js';

export interface TenantRow {
  id: string;
  name: string;
  created_at: Date;
}

/** The `tenants` table: organisations, each isolated from the others. */
export const tenantStore = {
  /** Undefined when the name is taken. */
  async insert(database: Queryable, tenant: { id: string; name: string }): Promise<TenantRow | undefined> {
    const { rows } = await database.query<TenantRow>('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING *', [tenant.id, tenant.name]);
    return rows[0];
  },

  async list(database: Queryable): Promise<(TenantRow & { users: number; runs: number })[]> {
    const { rows } = await database.query<TenantRow & { users: number; runs: number }>(
      `SELECT t.*, (SELECT count(*)::integer FROM users WHERE users.tenant_id = t.id) AS users,
              (SELECT count(*)::integer FROM runs WHERE runs.tenant_id = t.id) AS runs
       FROM tenants t ORDER BY t.created_at, t.name`,
    );
    return rows;
  },
};
