import type { Queryable } from '../queryable.js';

/**
 * Extends the leases of the runs a worker is actively executing. Checkpoints extend leases too
 * (the node-end statement); this periodic call covers nodes that run longer than a lease. Only the
 * listed runs are extended: a run whose execution died in this process must let its lease lapse.
 */
export async function extendLeases(database: Queryable, leaseOwnerKey: number, runIds: readonly string[], leaseSeconds: number): Promise<number> {
  const result = await database.query(
    `UPDATE runs SET lease_expires_at = now() + make_interval(secs => $3)
     WHERE id = ANY($2::uuid[]) AND lease_owner_key = $1 AND status = 'running'`,
    [leaseOwnerKey, runIds, leaseSeconds],
  );
  return result.rowCount ?? 0;
}
