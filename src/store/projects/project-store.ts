import type { Queryable } from '../queryable.js';

export interface ProjectRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  created_at: Date;
  updated_at: Date;
}

/** The `projects` table, always scoped to a tenant. Writes answer undefined when the name is taken. */
export const projectStore = {
  async insert(database: Queryable, project: { id: string; tenantId: string; name: string; description: string }): Promise<ProjectRow | undefined> {
    const { rows } = await database.query<ProjectRow>(
      'INSERT INTO projects (id, tenant_id, name, description) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, name) DO NOTHING RETURNING *',
      [project.id, project.tenantId, project.name, project.description],
    );
    return rows[0];
  },

  async find(database: Queryable, tenantId: string, id: string): Promise<ProjectRow | undefined> {
    const { rows } = await database.query<ProjectRow>('SELECT * FROM projects WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0];
  },

  async list(database: Queryable, tenantId: string): Promise<ProjectRow[]> {
    const { rows } = await database.query<ProjectRow>('SELECT * FROM projects WHERE tenant_id = $1 ORDER BY name LIMIT 1000', [tenantId]);
    return rows;
  },

  /** `taken` when another project of the tenant has the new name; undefined when there is no such project. */
  async update(database: Queryable, tenantId: string, id: string, change: { name?: string; description?: string }): Promise<ProjectRow | 'taken' | undefined> {
    try {
      const { rows } = await database.query<ProjectRow>(
        'UPDATE projects SET name = coalesce($3, name), description = coalesce($4, description), updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING *',
        [tenantId, id, change.name ?? null, change.description ?? null],
      );
      return rows[0];
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return 'taken';
      throw error;
    }
  },

  /** Deletes the project with its budgets (their scope id is text, so no foreign key cascades them). */
  async delete(database: Queryable, tenantId: string, id: string): Promise<ProjectRow | undefined> {
    const { rows } = await database.query<ProjectRow>(
      `WITH budgets_gone AS (DELETE FROM budgets WHERE tenant_id = $1 AND scope = 'project' AND scope_id = $2::text)
       DELETE FROM projects WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id],
    );
    return rows[0];
  },
};
