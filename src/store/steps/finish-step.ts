import type { SerializedError } from '../../core/app-error.js';
import type { StepStatus } from '../../core/step-status.js';
import type { Queryable } from '../queryable.js';

/** How a step ended. */
export interface StepEnding {
  runId: string;
  leaseOwnerKey: number;
  stepId: string;
  node: string;
  stepIndex: number;
  attempt: number;
  status: Exclude<StepStatus, 'running'>;
  durationMs: number;
  /** The node's state update, recorded for replay after a crash (succeeded steps only). */
  output?: unknown;
  error?: SerializedError;
  leaseSeconds: number;
}

/** What the runtime learns when a node ends. */
export type StepFinishResult = { kind: 'finished'; cancelRequested: boolean; deadlinePassed: boolean; lastSeq: number } | { kind: 'lease-lost' };

/**
 * Ends a step in one statement: step row, `node-end` event, lease extension (a checkpoint follows
 * every node, so this is the "lease extended at each checkpoint"), and a read of the run's
 * cancellation flag and deadline for the cooperative check between nodes. The caller announces
 * the new event. The commit does not wait for its WAL flush: the checkpoint written right after
 * it does, and WAL is flushed in order (docs/decisions/0003-asynchronous-commit-for-queue-bookkeeping.md).
 */
export async function finishStep(database: Queryable, ending: StepEnding): Promise<StepFinishResult> {
  const eventData = {
    stepId: ending.stepId,
    node: ending.node,
    stepIndex: ending.stepIndex,
    attempt: ending.attempt,
    status: ending.status,
    durationMs: ending.durationMs,
    ...(ending.error ? { error: ending.error } : {}),
  };
  const { rows } = await database.query<{ cancel_requested: boolean; deadline_passed: boolean; last_event_seq: number }>(
    `WITH commit_setting AS MATERIALIZED (
       SELECT set_config('synchronous_commit', 'off', true)
     ), run AS (
       UPDATE runs SET last_event_seq = last_event_seq + 1, lease_expires_at = now() + make_interval(secs => $8), updated_at = now()
       WHERE id = $1 AND lease_owner_key = $2 AND status = 'running'
       RETURNING last_event_seq, cancel_requested_at IS NOT NULL AS cancel_requested, coalesce(deadline_at <= now(), false) AS deadline_passed
     ), step AS (
       UPDATE steps SET status = $4, ended_at = now(), duration_ms = $5, output = $6, error = $7
       WHERE id = $3 AND EXISTS (SELECT 1 FROM run)
     ), event AS (
       INSERT INTO run_events (run_id, seq, type, data) SELECT $1, last_event_seq, 'node-end', $9 FROM run
     )
     SELECT cancel_requested, deadline_passed, last_event_seq FROM run, commit_setting`,
    [
      ending.runId,
      ending.leaseOwnerKey,
      ending.stepId,
      ending.status,
      ending.durationMs,
      ending.output === undefined ? null : JSON.stringify(ending.output),
      ending.error ? JSON.stringify(ending.error) : null,
      ending.leaseSeconds,
      JSON.stringify(eventData),
    ],
  );
  const row = rows[0];
  return row ? { kind: 'finished', cancelRequested: row.cancel_requested, deadlinePassed: row.deadline_passed, lastSeq: row.last_event_seq } : { kind: 'lease-lost' };
}
