import type { PolicyEffect } from '../../core/combine-policy-effects.js';
import type { Queryable } from '../queryable.js';

export type PolicySeverity = 'low' | 'medium' | 'high' | 'critical';

/** How a `require_approval` policy's gate behaves. */
export interface PolicyApprovalConfig {
  reasonCategory: 'security' | 'compliance' | 'cost' | 'optimization' | 'other';
  /** Default from the reason category (1 h, 30 min, 3 min, 5 min). */
  timeoutSeconds?: number | undefined;
  timeoutOutcome: 'approve' | 'reject' | 'escalate';
  /** With `escalate`: the role whose members decide after the deadline (the gate stays open for them). */
  escalateTo?: 'owner' | 'admin' | undefined;
}

export interface PolicyRow {
  id: string;
  tenant_id: string;
  project_id: string | null;
  name: string;
  description: string;
  phase: 'run.create' | 'step.before' | 'tool.before' | 'llm.before';
  expression: string;
  effect: PolicyEffect;
  priority: number;
  mode: 'enforce' | 'shadow';
  severity: PolicySeverity;
  approval: PolicyApprovalConfig | null;
  enabled: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export type PolicyFields = Pick<PolicyRow, 'project_id' | 'name' | 'description' | 'phase' | 'expression' | 'effect' | 'priority' | 'mode' | 'severity' | 'approval' | 'enabled'>;

const columns = ['project_id', 'name', 'description', 'phase', 'expression', 'effect', 'priority', 'mode', 'severity', 'approval', 'enabled'] as const;

function valuesOf(fields: PolicyFields): unknown[] {
  return columns.map((column) => (column === 'approval' ? (fields.approval === null ? null : JSON.stringify(fields.approval)) : fields[column]));
}

/** The `policies` table, scoped to a tenant. Writes answer `taken` when the name is another policy's. */
export const policyStore = {
  async insert(database: Queryable, tenantId: string, id: string, fields: PolicyFields): Promise<PolicyRow | 'taken'> {
    try {
      const { rows } = await database.query<PolicyRow>(
        `INSERT INTO policies (id, tenant_id, ${columns.join(', ')}) VALUES ($1, $2, ${columns.map((_, index) => `$${index + 3}`).join(', ')}) RETURNING *`,
        [id, tenantId, ...valuesOf(fields)],
      );
      return rows[0] as PolicyRow;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return 'taken';
      throw error;
    }
  },

  async update(database: Queryable, tenantId: string, id: string, fields: PolicyFields): Promise<PolicyRow | 'taken' | undefined> {
    try {
      const { rows } = await database.query<PolicyRow>(
        `UPDATE policies SET ${columns.map((column, index) => `${column} = $${index + 3}`).join(', ')}, version = version + 1, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 RETURNING *`,
        [tenantId, id, ...valuesOf(fields)],
      );
      return rows[0];
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return 'taken';
      throw error;
    }
  },

  async find(database: Queryable, tenantId: string, id: string): Promise<PolicyRow | undefined> {
    const { rows } = await database.query<PolicyRow>('SELECT * FROM policies WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0];
  },

  async list(database: Queryable, tenantId: string, filter: { phase?: string | undefined; projectId?: string | null | undefined }): Promise<PolicyRow[]> {
    const { rows } = await database.query<PolicyRow>(
      `SELECT * FROM policies WHERE tenant_id = $1 AND ($2::text IS NULL OR phase = $2) AND ($3::uuid IS NULL OR project_id = $3)
       ORDER BY phase, priority DESC, name LIMIT 1000`,
      [tenantId, filter.phase ?? null, filter.projectId ?? null],
    );
    return rows;
  },

  /** What the policy engine evaluates: the enabled policies of a tenant. */
  async listEnabled(database: Queryable, tenantId: string): Promise<PolicyRow[]> {
    const { rows } = await database.query<PolicyRow>('SELECT * FROM policies WHERE tenant_id = $1 AND enabled', [tenantId]);
    return rows;
  },

  async delete(database: Queryable, tenantId: string, id: string): Promise<PolicyRow | undefined> {
    const { rows } = await database.query<PolicyRow>('DELETE FROM policies WHERE tenant_id = $1 AND id = $2 RETURNING *', [tenantId, id]);
    return rows[0];
  },
};
