import type { Queryable } from '../queryable.js';
import type { RunRow } from './map-run-row.js';

/** Who is claiming. */
export interface ClaimantIdentity {
  /** Human-readable worker name, e.g. `host:pid`. */
  workerName: string;
  /** The key of the session advisory lock the worker holds for its whole life. */
  workerKey: number;
  leaseSeconds: number;
}

/**
 * Claims up to `limit` due runs, highest priority first, and appends each one's `run-started` event.
 *
 * Locking: `FOR UPDATE SKIP LOCKED` in the sub-select lets concurrent fetchers take disjoint sets
 * without waiting on each other; the partial index `runs_claim_idx` (status = 'queued') is walked in
 * claim order so the scan stops after `limit` unlocked rows. Claiming in batches sized to the free
 * slots is what makes the queue fast: measured on 2 cores, unbatched claims top out near 1.3k/s,
 * batched ones reach tens of thousands (FIELD-NOTES.md; our own figure is in the README).
 * No NOTIFY here: the worker announces the started events after commit (RunEventAnnouncer).
 *
 * The commit does not wait for its WAL flush (`synchronous_commit = off`, this transaction only):
 * WAL is written in order, so a claim can only be lost in an operating-system crash together with
 * everything the run wrote after it; the run is then simply queued again and resumes from its
 * last durable checkpoint, as after any crash. See
 * docs/decisions/0003-asynchronous-commit-for-queue-bookkeeping.md.
 */
export async function claimRuns(database: Queryable, claimant: ClaimantIdentity, limit: number): Promise<RunRow[]> {
  const { rows } = await database.query<RunRow>(
    `WITH commit_setting AS MATERIALIZED (
       SELECT set_config('synchronous_commit', 'off', true)
     ), candidates AS MATERIALIZED (
       -- MATERIALIZED: the LIMIT … SKIP LOCKED selection must run exactly once. Written as
       -- "WHERE id IN (sub-select)", the planner may re-run it per outer row and claim more.
       SELECT id FROM runs
       WHERE status = 'queued' AND run_after <= now()
       ORDER BY priority DESC, run_after, id
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE runs SET status = 'running', lease_owner = $2, lease_owner_key = $3,
              lease_expires_at = now() + make_interval(secs => $4),
              started_at = coalesce(started_at, now()), updated_at = now(),
              deadline_at = CASE WHEN timeout_seconds IS NOT NULL AND deadline_at IS NULL
                                 THEN now() + make_interval(secs => timeout_seconds) ELSE deadline_at END,
              last_event_seq = last_event_seq + 1
       FROM candidates, commit_setting
       WHERE runs.id = candidates.id
       RETURNING runs.*
     ), started AS (
       INSERT INTO run_events (run_id, seq, type, data)
       SELECT id, last_event_seq, 'run-started',
              jsonb_build_object('attempt', attempt, 'worker', $2::text, 'resumed', last_event_seq > 2)
       FROM claimed
     )
     -- UPDATE … RETURNING does not keep the selection's order: sort so a batch starts in claim order.
     SELECT claimed.* FROM claimed ORDER BY claimed.priority DESC, claimed.run_after, claimed.id`,
    [limit, claimant.workerName, claimant.workerKey, claimant.leaseSeconds],
  );
  return rows;
}

/**
 * Milliseconds until the earliest queued run becomes due, by the database's clock (so that clock
 * skew between hosts cannot delay a retry), or undefined when nothing is queued.
 */
export async function findMillisecondsUntilNextDue(database: Queryable): Promise<number | undefined> {
  const { rows } = await database.query<{ ms: number | null }>(
    `SELECT (extract(epoch FROM min(run_after) - now()) * 1000)::float8 AS ms FROM runs WHERE status = 'queued'`,
  );
  return rows[0]?.ms ?? undefined;
}
