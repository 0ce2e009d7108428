import type { Queryable } from '../queryable.js';
import { reservationValues, toBudgetGrant, type BudgetGrant, type BudgetReservationRequest, type GrantRow } from './reserve-budget.js';
import { settlementArrays, toSoftThresholdCrossing, type BudgetSettlement, type CrossingJson, type SoftThresholdCrossing } from './settle-budget-reservations.js';

/**
 * Settles `settlements` and then reserves, in one round trip and one transaction
 * (`budget_settle_then_reserve`, migration 0004). The settlements must be of calls with the same
 * tenant, project, workflow and run as the reservation, so both lock the same budget windows.
 */
export async function settleThenReserveBudget(
  database: Queryable,
  settlements: readonly BudgetSettlement[],
  request: BudgetReservationRequest,
): Promise<{ grant: BudgetGrant; crossings: SoftThresholdCrossing[] }> {
  const { rows } = await database.query<GrantRow & { crossings: CrossingJson[] }>({
    name: 'budget-settle-then-reserve',
    text: 'SELECT * FROM budget_settle_then_reserve($1::uuid[], $2::bigint[], $3::bigint[], $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)',
    values: [...settlementArrays(settlements), ...reservationValues(request)],
  });
  const row = rows[0] as GrantRow & { crossings: CrossingJson[] };
  return { grant: toBudgetGrant(row), crossings: row.crossings.map(toSoftThresholdCrossing) };
}
