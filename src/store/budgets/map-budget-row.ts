import type { Budget } from '../../contracts/budget.js';
import type { BudgetRow, BudgetWindowRow } from './budget-store.js';

/**
 * The pace of a period is measured over at least this share of it (about 15 minutes of a day, 7
 * hours of a month): one call in a period's first second would otherwise project to millions.
 */
const minimumPaceShare = 0.01;

const microsToUsd = (micros: number) => micros / 1e6;

/** The share of a limit spent: 1 for a zero limit (nothing may be spent), null without a limit. */
function shareUsed(spent: number, limit: number | null): number | null {
  if (limit === null) return null;
  return limit === 0 ? 1 : spent / limit;
}

/** The spend at the end of the period if it goes on at the pace so far; null for `total` budgets. */
function forecastMicros(spentMicros: number, window: BudgetWindowRow): number | null {
  if (window.period_end === null) return null;
  const length = window.period_end.getTime() - window.period_start.getTime();
  const elapsed = window.measured_at.getTime() - window.period_start.getTime();
  const share = Math.min(1, Math.max(minimumPaceShare, elapsed / length));
  return Math.round(spentMicros / share);
}

/** A budget row and its current window as the API shows them (micro-USD also as USD). */
export function mapBudgetRow(row: BudgetRow, window: BudgetWindowRow): Budget {
  const { limit_micros: limitMicros, limit_tokens: limitTokens } = row;
  const { spent_micros: spentMicros, reserved_micros: reservedMicros, spent_tokens: spentTokens } = window;
  const shares = [shareUsed(spentMicros, limitMicros), shareUsed(spentTokens, limitTokens)].filter((share) => share !== null);
  const forecast = forecastMicros(spentMicros, window);
  return {
    id: row.id,
    scope: row.scope,
    scopeId: row.scope_id,
    period: row.period,
    limitUsd: limitMicros === null ? null : microsToUsd(limitMicros),
    limitMicros,
    limitTokens,
    softThreshold: row.soft_threshold,
    periodStart: window.period_start.toISOString(),
    periodEnd: window.period_end === null ? null : window.period_end.toISOString(),
    spentUsd: microsToUsd(spentMicros),
    spentMicros,
    reservedMicros,
    spentTokens,
    reservedTokens: window.reserved_tokens,
    // What budget_reserve would still grant: reservations count against the limit like spend.
    remainingUsd: limitMicros === null ? null : microsToUsd(Math.max(0, limitMicros - spentMicros - reservedMicros)),
    percentUsed: Math.round(Math.max(0, ...shares) * 10_000) / 100,
    forecastUsd: forecast === null ? null : microsToUsd(forecast),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
