import { createId } from '../ids/create-id.js';
import type { Queryable } from '../queryable.js';

export type BudgetScope = 'tenant' | 'project' | 'workflow' | 'run';
export type BudgetPeriod = 'daily' | 'weekly' | 'monthly' | 'total';

export interface BudgetDefinition {
  tenantId: string;
  scope: BudgetScope;
  /** The tenant id, project id, workflow name or run id. */
  scopeId: string;
  period: BudgetPeriod;
  limitMicros?: number | null;
  limitTokens?: number | null;
  softThreshold?: number;
}

/** Creates the budget for a scope and period, or changes its limits; returns its id. */
export async function saveBudget(database: Queryable, budget: BudgetDefinition): Promise<string> {
  const { rows } = await database.query<{ id: string }>(
    `INSERT INTO budgets (id, tenant_id, scope, scope_id, period, limit_micros, limit_tokens, soft_threshold)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, scope, scope_id, period) DO UPDATE
       SET limit_micros = EXCLUDED.limit_micros, limit_tokens = EXCLUDED.limit_tokens, soft_threshold = EXCLUDED.soft_threshold, updated_at = now()
     RETURNING id`,
    [createId(), budget.tenantId, budget.scope, budget.scopeId, budget.period, budget.limitMicros ?? null, budget.limitTokens ?? null, budget.softThreshold ?? 0.8],
  );
  return (rows[0] as { id: string }).id;
}
