import type { Queryable } from '../queryable.js';

/** What a call asks of the budgets that apply to it. */
export interface BudgetReservationRequest {
  reservationId: string;
  tenantId: string;
  projectId?: string | undefined;
  workflow?: string | undefined;
  runId?: string | undefined;
  /** The call's worst case: the most it can cost and the most tokens it can use. */
  worstMicros: number;
  worstTokens: number;
  /** The least worth calling for (the prompt plus a few output tokens); less left refuses the call. */
  minimumMicros: number;
  minimumTokens: number;
  /** How long an unsettled reservation may live before the sweeper releases it (a dead process). */
  ttlSeconds: number;
}

export type BudgetGrant =
  /** `leftMicros`/`leftTokens`: what the tightest budget had left before this grant (null: no such limit). */
  | { granted: true; grantedMicros: number; grantedTokens: number; budgetCount: number; leftMicros: number | null; leftTokens: number | null }
  | { granted: false; refusedBy: string; refusedScope: string; availableMicros: number | null; availableTokens: number | null };

export interface GrantRow {
  granted: boolean;
  granted_micros: string;
  granted_tokens: string;
  budget_count: number;
  refused_by: string | null;
  refused_scope: string | null;
  available_micros: string | null;
  available_tokens: string | null;
}

const toNumber = (value: string | null) => (value === null ? null : Number(value));

/**
 * Reserves a call's worst case on every budget that applies (tenant, project, workflow, run) in one
 * round trip, all or nothing; grants less than the worst case when a budget has less left (never
 * less than the minimum). A grant with `budgetCount` 0 reserved nothing and needs no settling.
 */
export async function reserveBudget(database: Queryable, request: BudgetReservationRequest): Promise<BudgetGrant> {
  const { rows } = await database.query<GrantRow>({
    name: 'budget-reserve',
    text: 'SELECT * FROM budget_reserve($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
    values: reservationValues(request),
  });
  return toBudgetGrant(rows[0] as GrantRow);
}

/** The parameters of `budget_reserve`, in order. */
export function reservationValues(request: BudgetReservationRequest): unknown[] {
  return [
      request.reservationId,
      request.tenantId,
      request.projectId ?? null,
      request.workflow ?? null,
      request.runId ?? null,
      Math.ceil(request.worstMicros),
      Math.ceil(request.minimumMicros),
      Math.ceil(request.worstTokens),
      Math.ceil(request.minimumTokens),
      request.ttlSeconds,
  ];
}

/** A `budget_reserve` result row as a grant or a refusal. */
export function toBudgetGrant(row: GrantRow): BudgetGrant {
  if (row.granted) {
    return { granted: true, grantedMicros: Number(row.granted_micros), grantedTokens: Number(row.granted_tokens), budgetCount: row.budget_count, leftMicros: toNumber(row.available_micros), leftTokens: toNumber(row.available_tokens) };
  }
  return { granted: false, refusedBy: row.refused_by as string, refusedScope: row.refused_scope as string, availableMicros: toNumber(row.available_micros), availableTokens: toNumber(row.available_tokens) };
}
