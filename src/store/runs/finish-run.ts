import type { SerializedError } from '../../core/app-error.js';
import type { TerminalRunStatus } from '../../core/run-status.js';
import type { Queryable } from '../queryable.js';

/** How a run ended. */
export interface RunEnding {
  status: Exclude<TerminalRunStatus, 'denied'>;
  output?: unknown;
  error?: SerializedError;
}

/** One run to end, held by the worker with `leaseOwnerKey`. */
export interface RunToFinish {
  runId: string;
  leaseOwnerKey: number;
  ending: RunEnding;
}

/**
 * Ends many running runs in one statement: status, output or error, each run's `run-ended` event,
 * and the release of its lease. One commit (one WAL flush) for the whole batch is what lets the
 * queue finish runs faster than the disk can flush commits one by one. A step still `running`
 * belongs to a node that ignored its abort signal; it is closed as `cancelled`. Returns the
 * `run-ended` seq of each run that was still held; a run missing from the result had lost its
 * lease (another worker owns it). The caller announces the events.
 *
 * The commit does not wait for its WAL flush (`synchronous_commit = off` for this transaction
 * only). What an operating-system crash can lose is safe to lose: the run stays `running` with a
 * lapsing lease, the sweeper requeues it, it resumes from its (synchronously written) final
 * checkpoint, and ends again with the same result. See
 * docs/decisions/0003-asynchronous-commit-for-queue-bookkeeping.md.
 */
export async function finishRuns(database: Queryable, runs: readonly RunToFinish[]): Promise<Map<string, number>> {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const { rows } = await database.query<{ id: string; last_event_seq: number }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS input(id, lease_owner_key, status, output, error, event_data)
       -- This commit need not wait for its WAL flush (see the note above): set_config(…, true) is
       -- SET LOCAL for this statement's own transaction.
       WHERE set_config('synchronous_commit', 'off', true) = 'off'
     ), run AS (
       UPDATE runs SET status = input.status, output = input.output::jsonb, error = input.error::jsonb,
              ended_at = now(), updated_at = now(),
              lease_owner = NULL, lease_owner_key = NULL, lease_expires_at = NULL,
              last_event_seq = runs.last_event_seq + 1
       FROM input
       WHERE runs.id = input.id AND runs.lease_owner_key = input.lease_owner_key AND runs.status = 'running'
       RETURNING runs.id, runs.last_event_seq, input.event_data
     ), abandoned_steps AS (
       UPDATE steps SET status = 'cancelled', ended_at = now(), duration_ms = extract(epoch FROM now() - steps.started_at) * 1000
       FROM run WHERE steps.run_id = run.id AND steps.status = 'running'
     ), event AS (
       INSERT INTO run_events (run_id, seq, type, data) SELECT id, last_event_seq, 'run-ended', event_data::jsonb FROM run
     )
     SELECT id, last_event_seq FROM run`,
    [
      runs.map((run) => run.runId),
      runs.map((run) => run.leaseOwnerKey),
      runs.map((run) => run.ending.status),
      runs.map((run) => json(run.ending.output)),
      runs.map((run) => json(run.ending.error)),
      runs.map(({ ending }) => JSON.stringify({ status: ending.status, ...(ending.output === undefined ? {} : { output: ending.output }), ...(ending.error ? { error: ending.error } : {}) })),
    ],
  );
  return new Map(rows.map((row) => [row.id, row.last_event_seq]));
}
