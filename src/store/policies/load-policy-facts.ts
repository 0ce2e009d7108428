import type { Queryable } from '../queryable.js';

/**
 * A run's cost before it starts: the mean of the tenant's last 20 succeeded runs of the workflow,
 * in USD; 0 when it has none (an unknown cost is not a high one; policies can test
 * `run.estimatedCostUsd == 0.0`).
 */
export async function forecastRunCostUsd(database: Queryable, tenantId: string, workflow: string): Promise<number> {
  const { rows } = await database.query<{ mean: string | null }>(
    `SELECT avg(cost_micros) AS mean FROM (
       SELECT cost_micros FROM runs WHERE tenant_id = $1 AND workflow = $2 AND status = 'succeeded' ORDER BY created_at DESC LIMIT 20
     ) recent`,
    [tenantId, workflow],
  );
  return rows[0]?.mean === null || rows[0]?.mean === undefined ? 0 : Number(rows[0].mean) / 1e6;
}

/** The tightest money budget over a run of `workflow` in `projectId`, in this period: what `budget.*` shows. */
export async function loadTightestBudget(database: Queryable, tenantId: string, projectId: string | null, workflow: string): Promise<{ hasLimit: boolean; limitUsd: number; spentUsd: number; remainingUsd: number }> {
  const { rows } = await database.query<{ limit_micros: string; spent_micros: string; reserved_micros: string }>(
    `SELECT b.limit_micros, coalesce(w.spent_micros, 0) AS spent_micros, coalesce(w.reserved_micros, 0) AS reserved_micros
     FROM budgets b
     LEFT JOIN budget_windows w ON w.budget_id = b.id AND w.period_start = budget_period_start(b.period, now())
     WHERE b.tenant_id = $1 AND b.limit_micros IS NOT NULL
       AND ((b.scope = 'tenant' AND b.scope_id = $1::text) OR (b.scope = 'project' AND b.scope_id = $2) OR (b.scope = 'workflow' AND b.scope_id = $3))
     ORDER BY b.limit_micros - coalesce(w.spent_micros, 0) - coalesce(w.reserved_micros, 0) LIMIT 1`,
    [tenantId, projectId, workflow],
  );
  const row = rows[0];
  if (!row) return { hasLimit: false, limitUsd: 0, spentUsd: 0, remainingUsd: 0 };
  const limit = Number(row.limit_micros);
  const spent = Number(row.spent_micros);
  return { hasLimit: true, limitUsd: limit / 1e6, spentUsd: spent / 1e6, remainingUsd: Math.max(0, limit - spent - Number(row.reserved_micros)) / 1e6 };
}

/** What `step.before` policies see of a running run: its project, spend, input, step count and latest confidence. */
export async function loadRunFacts(database: Queryable, runId: string): Promise<{ projectId: string | null; workflowVersion: number; priority: number; costMicros: number; tokens: number; input: Record<string, unknown>; metadata: Record<string, unknown>; steps: number; confidence: number | null } | undefined> {
  const { rows } = await database.query<{ project_id: string | null; workflow_version: number; priority: number; cost_micros: string; tokens: string; input: Record<string, unknown>; metadata: Record<string, unknown>; steps: number; confidence: number | null }>(
    `SELECT r.project_id, r.workflow_version, r.priority, r.cost_micros, r.tokens, r.input, r.metadata,
            (SELECT count(*)::integer FROM steps WHERE steps.run_id = r.id) AS steps,
            (SELECT (data->>'confidence')::double precision FROM run_events e WHERE e.run_id = r.id AND e.type = 'reason-card' ORDER BY seq DESC LIMIT 1) AS confidence
     FROM runs r WHERE r.id = $1`,
    [runId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { projectId: row.project_id, workflowVersion: row.workflow_version, priority: row.priority, costMicros: Number(row.cost_micros), tokens: Number(row.tokens), input: row.input, metadata: row.metadata, steps: row.steps, confidence: row.confidence };
}
