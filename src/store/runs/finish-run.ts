import type { SerializedError } from '../../core/app-error.js';
import type { TerminalRunStatus } from '../../core/run-status.js';
import type { Queryable } from '../queryable.js';

/** How a run ended. */
export interface RunEnding {
  status: Exclude<TerminalRunStatus, 'denied'>;
  output?: unknown;
  error?: SerializedError;
}

/**
 * Ends a running run held by `leaseOwnerKey`: status, output or error, `run-ended` event and its
 * seq in one statement (the caller announces it). A step still `running` belongs to a node that ignored its abort signal;
 * it is closed as `cancelled`. Returns undefined when the lease was lost (another worker owns the run).
 */
export async function finishRun(database: Queryable, runId: string, leaseOwnerKey: number, ending: RunEnding): Promise<number | undefined> {
  const data = { status: ending.status, ...(ending.output === undefined ? {} : { output: ending.output }), ...(ending.error ? { error: ending.error } : {}) };
  const { rows } = await database.query<{ last_event_seq: number }>(
    `WITH run AS (
       UPDATE runs SET status = $3, output = $4, error = $5, ended_at = now(), updated_at = now(),
              lease_owner = NULL, lease_owner_key = NULL, lease_expires_at = NULL,
              last_event_seq = last_event_seq + 1
       WHERE id = $1 AND lease_owner_key = $2 AND status = 'running'
       RETURNING id, last_event_seq
     ), abandoned_steps AS (
       UPDATE steps SET status = 'cancelled', ended_at = now(), duration_ms = extract(epoch FROM now() - started_at) * 1000
       WHERE run_id = $1 AND status = 'running' AND EXISTS (SELECT 1 FROM run)
     ), event AS (
       INSERT INTO run_events (run_id, seq, type, data) SELECT id, last_event_seq, 'run-ended', $6 FROM run
     )
     SELECT last_event_seq FROM run`,
    [runId, leaseOwnerKey, ending.status, ending.output === undefined ? null : JSON.stringify(ending.output), ending.error ? JSON.stringify(ending.error) : null, JSON.stringify(data)],
  );
  return rows[0]?.last_event_seq;
}
