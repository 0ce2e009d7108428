import type { Queryable } from '../queryable.js';

/** Releases (charging nothing) reservations whose process died before settling; returns how many. */
export async function releaseExpiredReservations(database: Queryable): Promise<number> {
  const { rows } = await database.query<{ released: number }>('SELECT budget_release_expired() AS released');
  return rows[0]?.released ?? 0;
}
