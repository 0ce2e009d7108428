import type { Role } from '../../core/permissions.js';
import type { Queryable } from '../queryable.js';

export interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewUserRow {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
}

/** The `users` table. Emails are unique across tenants (sign-in is by email alone). */
export const userStore = {
  /** Undefined when the email is taken. */
  async insert(database: Queryable, user: NewUserRow): Promise<UserRow | undefined> {
    const { rows } = await database.query<UserRow>(
      `INSERT INTO users (id, tenant_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ((lower(email))) DO NOTHING RETURNING *`,
      [user.id, user.tenantId, user.email, user.name, user.role, user.passwordHash],
    );
    return rows[0];
  },

  async findByEmail(database: Queryable, email: string): Promise<UserRow | undefined> {
    const { rows } = await database.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
    return rows[0];
  },

  /** Any tenant's user by id (sessions carry the id; the row says the tenant). */
  async findById(database: Queryable, id: string): Promise<UserRow | undefined> {
    const { rows } = await database.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0];
  },

  async find(database: Queryable, tenantId: string, id: string): Promise<UserRow | undefined> {
    const { rows } = await database.query<UserRow>('SELECT * FROM users WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0];
  },

  async list(database: Queryable, tenantId: string): Promise<UserRow[]> {
    const { rows } = await database.query<UserRow>('SELECT * FROM users WHERE tenant_id = $1 ORDER BY created_at, id LIMIT 1000', [tenantId]);
    return rows;
  },

  async update(database: Queryable, tenantId: string, id: string, change: { name?: string; role?: Role; passwordHash?: string; disabled?: boolean }): Promise<UserRow | undefined> {
    const { rows } = await database.query<UserRow>(
      `UPDATE users SET name = coalesce($3, name), role = coalesce($4, role), password_hash = coalesce($5, password_hash),
              disabled_at = CASE WHEN $6::boolean IS NULL THEN disabled_at WHEN $6 THEN coalesce(disabled_at, now()) ELSE NULL END,
              updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id, change.name ?? null, change.role ?? null, change.passwordHash ?? null, change.disabled ?? null],
    );
    return rows[0];
  },

  async count(database: Queryable): Promise<number> {
    const { rows } = await database.query<{ count: number }>('SELECT count(*)::integer AS count FROM users');
    return rows[0]?.count ?? 0;
  },

  /** Active owners of a tenant: the last one may not be demoted or disabled. */
  async countActiveOwners(database: Queryable, tenantId: string): Promise<number> {
    const { rows } = await database.query<{ count: number }>("SELECT count(*)::integer AS count FROM users WHERE tenant_id = $1 AND role = 'owner' AND disabled_at IS NULL", [tenantId]);
    return rows[0]?.count ?? 0;
  },
};
