import { createId } from '../ids/create-id.js';
import type { Queryable } from '../queryable.js';

/** Which node execution is starting. */
export interface StepStart {
  runId: string;
  leaseOwnerKey: number;
  node: string;
  stepIndex: number;
  leaseSeconds: number;
}

/** What the runtime learns when a node starts. */
export type StepStartResult =
  | { kind: 'started'; stepId: string; attempt: number; cancelRequested: boolean; deadlinePassed: boolean; lastSeq: number }
  /** The node already completed in this slot (its checkpoint was lost in a crash): replay its output. */
  | { kind: 'recorded'; output: unknown }
  | { kind: 'lease-lost' };

/**
 * Starts a step in one statement: replays a recorded success for the same (run, superstep, node)
 * if there is one; otherwise inserts the step (attempt = previous attempts + 1), appends
 * `node-start`, extends the lease and reports a pending cancellation or a passed run deadline.
 * The caller announces the new event (no NOTIFY inside the hot statement). The commit does not
 * wait for its WAL flush: see docs/decisions/0003-asynchronous-commit-for-queue-bookkeeping.md.
 */
export async function startStep(database: Queryable, start: StepStart): Promise<StepStartResult> {
  const stepId = createId();
  const { rows } = await database.query<{
    recorded: boolean;
    output: unknown;
    attempt: number | null;
    cancel_requested: boolean | null;
    deadline_passed: boolean | null;
    last_seq: number | null;
  }>(
    `WITH commit_setting AS MATERIALIZED (
       SELECT set_config('synchronous_commit', 'off', true)
     ), recorded AS (
       SELECT output FROM steps WHERE run_id = $1 AND step_index = $4 AND node = $3 AND status = 'succeeded'
     ), run AS (
       UPDATE runs SET last_event_seq = last_event_seq + 1, lease_expires_at = now() + make_interval(secs => $6), updated_at = now()
       WHERE id = $1 AND lease_owner_key = $2 AND status = 'running' AND NOT EXISTS (SELECT 1 FROM recorded)
       RETURNING last_event_seq, cancel_requested_at IS NOT NULL AS cancel_requested, coalesce(deadline_at <= now(), false) AS deadline_passed
     ), step AS (
       INSERT INTO steps (id, run_id, node, step_index, attempt, status)
       SELECT $5, $1, $3, $4,
              (SELECT coalesce(max(attempt), 0) + 1 FROM steps WHERE run_id = $1 AND step_index = $4 AND node = $3),
              'running'
       FROM run
       RETURNING attempt
     ), event AS (
       INSERT INTO run_events (run_id, seq, type, data)
       SELECT $1, run.last_event_seq, 'node-start',
              jsonb_build_object('stepId', $5::uuid, 'node', $3::text, 'stepIndex', $4::integer, 'attempt', step.attempt)
       FROM run, step
     )
     SELECT EXISTS (SELECT 1 FROM recorded) AS recorded, (SELECT output FROM recorded LIMIT 1) AS output,
            step.attempt, run.cancel_requested, run.deadline_passed, run.last_event_seq AS last_seq
     FROM commit_setting LEFT JOIN run ON true LEFT JOIN step ON true`,
    [start.runId, start.leaseOwnerKey, start.node, start.stepIndex, stepId, start.leaseSeconds],
  );
  const row = rows[0];
  if (row?.recorded) {
    return { kind: 'recorded', output: row.output };
  }
  if (!row || row.attempt === null) {
    return { kind: 'lease-lost' };
  }
  return { kind: 'started', stepId, attempt: row.attempt, cancelRequested: row.cancel_requested === true, deadlinePassed: row.deadline_passed === true, lastSeq: row.last_seq ?? 0 };
}
