import type pg from 'pg';
import type { Queryable } from './queryable.js';

/**
 * Runs a request's reads as the `agentbus_tenant` role with `agentbus.tenant_id` set, so that
 * PostgreSQL's row-level security (migration 0005) hides every other tenant's rows even from a
 * query that forgot its tenant filter: the second line of defence. Where the role could not be
 * created (a login without CREATEROLE), reads run on the pool as before and the tenant filter is
 * the only line.
 */
export class TenantDatabase {
  private constructor(
    private readonly pool: pg.Pool,
    /** Whether this login may act as `agentbus_tenant`. */
    readonly rowLevelSecurity: boolean,
  ) {}

  static async open(pool: pg.Pool): Promise<TenantDatabase> {
    const { rows } = await pool.query<{ usable: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'agentbus_tenant') AND pg_has_role(current_user, 'agentbus_tenant', 'MEMBER') AS usable`,
    );
    return new TenantDatabase(pool, rows[0]?.usable === true);
  }

  /** `work` gets a connection that sees only `tenantId`'s rows. */
  async read<T>(tenantId: string, work: (database: Queryable) => Promise<T>): Promise<T> {
    if (!this.rowLevelSecurity) return work(this.pool);
    const client = await this.pool.connect();
    try {
      await client.query(`SELECT set_config('role', 'agentbus_tenant', false), set_config('agentbus.tenant_id', $1, false)`, [tenantId]);
      return await work(client);
    } finally {
      // A connection whose role could not be reset must never serve another request.
      const reset = await client.query('RESET ROLE; RESET agentbus.tenant_id').then(
        () => true,
        () => false,
      );
      client.release(!reset);
    }
  }
}
