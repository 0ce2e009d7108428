import type { Queryable } from '../queryable.js';

/** What a reserved call really cost. */
export interface BudgetSettlement {
  reservationId: string;
  /** Null when the model has no price: tokens are charged, money is not. */
  actualMicros: number | null;
  actualTokens: number;
}

/** A budget whose spend crossed its soft threshold for the first time this period. */
export interface SoftThresholdCrossing {
  reservationId: string;
  budgetId: string;
  scope: string;
  scopeId: string;
  periodStart: Date;
  spentMicros: number;
  limitMicros: number | null;
  spentTokens: number;
  limitTokens: number | null;
}

export interface CrossingRow {
  reservation_id: string;
  budget_id: string;
  scope: string;
  scope_id: string;
  period_start: Date;
  spent_micros: string;
  limit_micros: string | null;
  spent_tokens: string;
  limit_tokens: string | null;
}

/**
 * Settles many reservations in one statement: each releases what it held and charges its actual
 * cost, exactly once (a reservation already settled or released is skipped). Returns the budgets
 * that crossed their soft threshold with this batch.
 */
export async function settleBudgetReservations(database: Queryable, settlements: readonly BudgetSettlement[]): Promise<SoftThresholdCrossing[]> {
  if (settlements.length === 0) return [];
  const { rows } = await database.query<CrossingRow>({
    name: 'budget-settle',
    text: 'SELECT * FROM budget_settle($1::uuid[], $2::bigint[], $3::bigint[])',
    values: settlementArrays(settlements),
  });
  return rows.map(toSoftThresholdCrossing);
}

/** The three arrays `budget_settle` takes: reservation ids, actual micros (null: unpriced), actual tokens. */
export function settlementArrays(settlements: readonly BudgetSettlement[]): unknown[] {
  return [
    settlements.map((settlement) => settlement.reservationId),
    settlements.map((settlement) => (settlement.actualMicros === null ? null : Math.round(settlement.actualMicros))),
    settlements.map((settlement) => Math.round(settlement.actualTokens)),
  ];
}

/** A `budget_settle` row as JSON (inside another statement's result): the period start is text. */
export type CrossingJson = Omit<CrossingRow, 'period_start'> & { period_start: string };

/** A `budget_settle` row (or its JSON, with the period start as text) as a crossing. */
export function toSoftThresholdCrossing(row: CrossingRow | CrossingJson): SoftThresholdCrossing {
  return {
    reservationId: row.reservation_id,
    budgetId: row.budget_id,
    scope: row.scope,
    scopeId: row.scope_id,
    periodStart: new Date(row.period_start),
    spentMicros: Number(row.spent_micros),
    limitMicros: row.limit_micros === null ? null : Number(row.limit_micros),
    spentTokens: Number(row.spent_tokens),
    limitTokens: row.limit_tokens === null ? null : Number(row.limit_tokens),
  };
}

/** Releases reservations past their expiry (their process died before settling); returns how many. */
export async function releaseExpiredReservations(database: Queryable): Promise<number> {
  const { rows } = await database.query<{ released: number }>('SELECT budget_release_expired() AS released');
  return rows[0]?.released ?? 0;
}
