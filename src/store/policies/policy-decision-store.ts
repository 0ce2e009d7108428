import type { PolicyEffect } from '../../core/combine-policy-effects.js';
import { decodeCursor, encodeCursor } from '../../core/pagination-cursor.js';
import type { Queryable } from '../queryable.js';

export interface NewPolicyDecision {
  id: string;
  tenantId: string;
  phase: string;
  effect: PolicyEffect;
  shadowEffect: PolicyEffect;
  policyIds: string[];
  matched: { policyId: string; effect: PolicyEffect; mode: 'enforce' | 'shadow' }[];
  errors: { policyId: string; message: string }[];
  inputHash: string;
  latencyMicros: number;
  runId: string | null;
  stepId: string | null;
  /** One per deny or require_approval match (shadow ones included: what would have happened). */
  violations: { id: string; policyId: string; policyName: string; effect: 'deny' | 'require_approval'; mode: 'enforce' | 'shadow'; severity: string }[];
}

export interface ViolationRow {
  id: string;
  tenant_id: string;
  decision_id: string;
  policy_id: string | null;
  policy_name: string;
  phase: string;
  effect: 'deny' | 'require_approval';
  mode: 'enforce' | 'shadow';
  severity: 'low' | 'medium' | 'high' | 'critical';
  status: 'open' | 'acknowledged' | 'resolved';
  resolution: string | null;
  updated_by: string | null;
  run_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** `policy_decisions` and `violations`: every decision that evaluated a policy, and what it flagged. */
export const policyDecisionStore = {
  /**
   * Writes decisions and their violations in one statement (the policy engine batches allow
   * decisions). Idempotent: a retried batch skips what its first try committed. Asynchronous
   * commit, like the ledger: a crash may lose the last few ms of decisions, never a run's outcome.
   */
  async insert(database: Queryable, decisions: readonly NewPolicyDecision[]): Promise<void> {
    if (decisions.length === 0) return;
    const violations = decisions.flatMap((decision) => decision.violations.map((violation) => ({ ...violation, decisionId: decision.id, tenantId: decision.tenantId, phase: decision.phase, runId: decision.runId })));
    await database.query(
      `WITH commit_setting AS MATERIALIZED (
         SELECT set_config('synchronous_commit', 'off', true)
       ), decisions AS (
         INSERT INTO policy_decisions (id, tenant_id, phase, effect, shadow_effect, policy_ids, matched, errors, input_hash, latency_micros, run_id, step_id)
         SELECT d.id, d."tenantId", d.phase, d.effect, d."shadowEffect", d."policyIds", d.matched, d.errors, d."inputHash", d."latencyMicros", d."runId", d."stepId"
         FROM commit_setting, jsonb_to_recordset($1::jsonb) AS d(id uuid, "tenantId" uuid, phase text, effect text, "shadowEffect" text, "policyIds" uuid[], matched jsonb, errors jsonb,
                                                 "inputHash" text, "latencyMicros" double precision, "runId" uuid, "stepId" uuid)
         ON CONFLICT (id) DO NOTHING
         RETURNING id
       )
       INSERT INTO violations (id, tenant_id, decision_id, policy_id, policy_name, phase, effect, mode, severity, run_id)
       SELECT v.id, v."tenantId", v."decisionId", v."policyId", v."policyName", v.phase, v.effect, v.mode, v.severity, v."runId"
       FROM jsonb_to_recordset($2::jsonb) AS v(id uuid, "tenantId" uuid, "decisionId" uuid, "policyId" uuid, "policyName" text, phase text, effect text, mode text, severity text, "runId" uuid)
       WHERE v."decisionId" IN (SELECT id FROM decisions)`,
      [JSON.stringify(decisions.map(({ violations: _violations, ...decision }) => ({ ...decision, policyIds: `{${decision.policyIds.join(',')}}` }))), JSON.stringify(violations)],
    );
  },

  async listViolations(database: Queryable, tenantId: string, filter: { status?: string | undefined; policyId?: string | undefined; runId?: string | undefined; limit: number; cursor?: string | undefined }): Promise<{ rows: ViolationRow[]; nextCursor: string | null }> {
    const position = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    // Microsecond cursors (see listRuns).
    const { rows } = await database.query<ViolationRow & { sort_key: string }>(
      `SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key FROM violations
       WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR policy_id = $3) AND ($4::uuid IS NULL OR run_id = $4)
         AND ($5::timestamptz IS NULL OR (created_at, id) < ($5::timestamptz, $6::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $7`,
      [tenantId, filter.status ?? null, filter.policyId ?? null, filter.runId ?? null, position?.at ?? null, position?.id ?? null, filter.limit + 1],
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return { rows: page, nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.sort_key, id: last.id }) : null };
  },

  async findViolation(database: Queryable, tenantId: string, id: string): Promise<ViolationRow | undefined> {
    const { rows } = await database.query<ViolationRow>('SELECT * FROM violations WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0];
  },

  async updateViolation(database: Queryable, tenantId: string, id: string, change: { status: ViolationRow['status']; resolution?: string | undefined; updatedBy: string }): Promise<ViolationRow | undefined> {
    const { rows } = await database.query<ViolationRow>(
      'UPDATE violations SET status = $3, resolution = coalesce($4, resolution), updated_by = $5, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING *',
      [tenantId, id, change.status, change.resolution ?? null, change.updatedBy],
    );
    return rows[0];
  },
};
