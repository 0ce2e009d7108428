import type { Queryable } from '../queryable.js';
import type { ResourceScope } from '../resource-scope.js';
import type { BudgetPeriod, BudgetScope } from './save-budget.js';

export interface BudgetRow {
  id: string;
  tenant_id: string;
  scope: BudgetScope;
  scope_id: string;
  period: BudgetPeriod;
  limit_micros: number | null;
  limit_tokens: number | null;
  soft_threshold: number;
  created_at: Date;
  updated_at: Date;
}

/** A budget's figures in the period under way (zeros when no call has touched it yet). */
export interface BudgetWindowRow {
  budget_id: string;
  period_start: Date;
  /** Null for `total` budgets. */
  period_end: Date | null;
  spent_micros: number;
  reserved_micros: number;
  spent_tokens: number;
  reserved_tokens: number;
  /** The database's clock when the figures were read: what the forecast's pace is measured against. */
  measured_at: Date;
}

/** Past costs of a workflow's runs, in micro-USD. */
export interface RunCostHistoryRow {
  runs: number;
  mean_micros: number | null;
  p50_micros: number | null;
  p90_micros: number | null;
}

export interface NewBudget {
  id: string;
  tenantId: string;
  scope: BudgetScope;
  scopeId: string;
  period: BudgetPeriod;
  limitMicros: number | null;
  limitTokens: number | null;
  softThreshold: number;
}

/** A change of limits: an absent field stays, `null` removes that limit. */
export interface BudgetChange {
  limitMicros?: number | null | undefined;
  limitTokens?: number | null | undefined;
  softThreshold?: number | undefined;
}

/**
 * The budgets a caller may see: its tenant's, and for a project-scoped key only its project's
 * project budget ($2 null: every budget of the tenant).
 */
const visible = `b.tenant_id = $1 AND ($2::text IS NULL OR (b.scope = 'project' AND b.scope_id = $2))`;

/**
 * The end of the period that starts at `period_start`, computed in UTC: `timestamptz + interval
 * '1 month'` would follow the session's time zone across a daylight-saving change.
 */
const periodEnd = `CASE b.period
    WHEN 'daily' THEN (budget_period_start(b.period, now()) AT TIME ZONE 'UTC' + interval '1 day') AT TIME ZONE 'UTC'
    WHEN 'weekly' THEN (budget_period_start(b.period, now()) AT TIME ZONE 'UTC' + interval '7 days') AT TIME ZONE 'UTC'
    WHEN 'monthly' THEN (budget_period_start(b.period, now()) AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC'
  END`;

/**
 * The `budgets` table for the budgets API, always scoped to a tenant (and to a project for a
 * project-scoped key). The gateway reserves and settles through its own functions (migration 0002).
 *
 * Budget rows and their window figures are read in two statements: the `agentbus_tenant` role that
 * request reads run as (row-level security) may read `budgets` but not `budget_windows`, which
 * migration 0005 left out of its grants. So the budgets are chosen under row-level security and
 * the windows of exactly those budgets are read by the server's login, still filtered by tenant:
 * two queries for a list of any length, never one per budget.
 */
export const budgetStore = {
  /** The new budget, or undefined when the tenant already has one for that scope and period. */
  async insert(database: Queryable, budget: NewBudget): Promise<BudgetRow | undefined> {
    const { rows } = await database.query<BudgetRow>(
      `INSERT INTO budgets (id, tenant_id, scope, scope_id, period, limit_micros, limit_tokens, soft_threshold)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, scope, scope_id, period) DO NOTHING RETURNING *`,
      [budget.id, budget.tenantId, budget.scope, budget.scopeId, budget.period, budget.limitMicros, budget.limitTokens, budget.softThreshold],
    );
    return rows[0];
  },

  /** The id of the tenant's budget for a scope and period, if there is one. */
  async findIdOf(database: Queryable, tenantId: string, budget: { scope: BudgetScope; scopeId: string; period: BudgetPeriod }): Promise<string | undefined> {
    const { rows } = await database.query<{ id: string }>('SELECT id FROM budgets WHERE tenant_id = $1 AND scope = $2 AND scope_id = $3 AND period = $4', [tenantId, budget.scope, budget.scopeId, budget.period]);
    return rows[0]?.id;
  },

  async find(database: Queryable, scope: ResourceScope, id: string): Promise<BudgetRow | undefined> {
    const { rows } = await database.query<BudgetRow>(`SELECT b.* FROM budgets b WHERE ${visible} AND b.id = $3`, [scope.tenantId, scope.projectId, id]);
    return rows[0];
  },

  /** The caller's budgets, broadest scope first. */
  async list(database: Queryable, scope: ResourceScope, filter: { scope?: BudgetScope | undefined; scopeId?: string | undefined }): Promise<BudgetRow[]> {
    const { rows } = await database.query<BudgetRow>(
      `SELECT b.* FROM budgets b
       WHERE ${visible} AND ($3::text IS NULL OR b.scope = $3) AND ($4::text IS NULL OR b.scope_id = $4)
       ORDER BY array_position(ARRAY['tenant', 'project', 'workflow', 'run'], b.scope), b.scope_id, array_position(ARRAY['daily', 'weekly', 'monthly', 'total'], b.period), b.id
       LIMIT 1000`,
      [scope.tenantId, scope.projectId, filter.scope ?? null, filter.scopeId ?? null],
    );
    return rows;
  },

  /**
   * The tenant's money budgets that a new run of `workflow` in `projectId` would reserve against
   * (as `budget_reserve` matches them; run budgets do not exist before the run).
   */
  async listApplyingToRun(database: Queryable, tenantId: string, run: { projectId: string | null; workflow: string }): Promise<BudgetRow[]> {
    const { rows } = await database.query<BudgetRow>(
      `SELECT b.* FROM budgets b
       WHERE b.tenant_id = $1 AND b.limit_micros IS NOT NULL
         AND ((b.scope = 'tenant' AND b.scope_id = $1::text) OR (b.scope = 'project' AND b.scope_id = $2) OR (b.scope = 'workflow' AND b.scope_id = $3))
       ORDER BY b.id`,
      [tenantId, run.projectId, run.workflow],
    );
    return rows;
  },

  /** Spent and reserved figures of the tenant's budgets `ids` in their current periods, by budget id. */
  async loadCurrentWindows(database: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, BudgetWindowRow>> {
    if (ids.length === 0) return new Map();
    const { rows } = await database.query<BudgetWindowRow>(
      `SELECT b.id AS budget_id, budget_period_start(b.period, now()) AS period_start, ${periodEnd} AS period_end,
              coalesce(w.spent_micros, 0) AS spent_micros, coalesce(w.reserved_micros, 0) AS reserved_micros,
              coalesce(w.spent_tokens, 0) AS spent_tokens, coalesce(w.reserved_tokens, 0) AS reserved_tokens, now() AS measured_at
       FROM budgets b
       LEFT JOIN budget_windows w ON w.budget_id = b.id AND w.period_start = budget_period_start(b.period, now())
       WHERE b.tenant_id = $1 AND b.id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
    return new Map(rows.map((row) => [row.budget_id, row]));
  },

  /**
   * Changes limits or the soft threshold. `no-limit` when the change would leave the budget
   * without any limit (the table's check; two changes racing can reach it even after the caller
   * checked); undefined when the caller sees no such budget.
   */
  async update(database: Queryable, scope: ResourceScope, id: string, change: BudgetChange): Promise<BudgetRow | 'no-limit' | undefined> {
    try {
      const { rows } = await database.query<BudgetRow>(
        `UPDATE budgets b
         SET limit_micros = CASE WHEN $4 THEN $5::bigint ELSE b.limit_micros END,
             limit_tokens = CASE WHEN $6 THEN $7::bigint ELSE b.limit_tokens END,
             soft_threshold = coalesce($8, b.soft_threshold),
             updated_at = now()
         WHERE ${visible} AND b.id = $3 RETURNING b.*`,
        [scope.tenantId, scope.projectId, id, change.limitMicros !== undefined, change.limitMicros ?? null, change.limitTokens !== undefined, change.limitTokens ?? null, change.softThreshold ?? null],
      );
      return rows[0];
    } catch (error) {
      if ((error as { code?: string; constraint?: string }).code === '23514' && (error as { constraint?: string }).constraint === 'budgets_check') return 'no-limit';
      throw error;
    }
  },

  /** Deletes the budget with its windows; calls in flight settle into nothing (their reservation's windows are gone). */
  async delete(database: Queryable, scope: ResourceScope, id: string): Promise<BudgetRow | undefined> {
    const { rows } = await database.query<BudgetRow>(`DELETE FROM budgets b WHERE ${visible} AND b.id = $3 RETURNING b.*`, [scope.tenantId, scope.projectId, id]);
    return rows[0];
  },

  /**
   * Cost figures of the tenant's last 20 succeeded runs of a workflow: the same runs as
   * `forecastRunCostUsd` (the run.create policies' `run.estimatedCostUsd`), plus the median and
   * the 90th percentile (interpolated).
   */
  async loadRunCostHistory(database: Queryable, tenantId: string, workflow: string): Promise<RunCostHistoryRow> {
    const { rows } = await database.query<RunCostHistoryRow>(
      `SELECT count(*)::integer AS runs, avg(cost_micros)::double precision AS mean_micros,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY cost_micros) AS p50_micros,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY cost_micros) AS p90_micros
       FROM (SELECT cost_micros FROM runs WHERE tenant_id = $1 AND workflow = $2 AND status = 'succeeded' ORDER BY created_at DESC LIMIT 20) recent`,
      [tenantId, workflow],
    );
    return rows[0] ?? { runs: 0, mean_micros: null, p50_micros: null, p90_micros: null };
  },
};
