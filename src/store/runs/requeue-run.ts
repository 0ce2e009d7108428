import type { SerializedError } from '../../core/app-error.js';
import type { RunEventData } from '../../contracts/run-event.js';
import { notificationChannels } from '../notification-channels.js';
import type { Queryable } from '../queryable.js';

/** Why and when a running run goes back to the queue. */
export interface Requeue {
  reason: Extract<RunEventData<'run-queued'>['reason'], 'retry' | 'handed-back'>;
  /** Milliseconds from now before it may be claimed again. */
  delayMs: number;
  /** Whether this counts as a new attempt (retries do; a shutdown hand-back does not). */
  nextAttempt: boolean;
  error?: SerializedError;
}

/**
 * Returns a running run held by `leaseOwnerKey` to the queue (retry after backoff, or hand-back
 * on shutdown), with its `run-queued` event. It resumes from its last checkpoint when claimed.
 * Returns false when the lease was already lost.
 */
export async function requeueRun(database: Queryable, runId: string, leaseOwnerKey: number, requeue: Requeue): Promise<boolean> {
  const { rows } = await database.query(
    `WITH run AS (
       UPDATE runs SET status = 'queued', run_after = now() + make_interval(secs => $3::double precision / 1000),
              attempt = attempt + CASE WHEN $4 THEN 1 ELSE 0 END, error = $5, updated_at = now(),
              lease_owner = NULL, lease_owner_key = NULL, lease_expires_at = NULL,
              last_event_seq = last_event_seq + 1
       WHERE id = $1 AND lease_owner_key = $2 AND status = 'running'
       RETURNING id, attempt, run_after, last_event_seq
     ), abandoned_steps AS (
       UPDATE steps SET status = 'cancelled', ended_at = now(), duration_ms = extract(epoch FROM now() - started_at) * 1000
       WHERE run_id = $1 AND status = 'running' AND EXISTS (SELECT 1 FROM run)
     ), event AS (
       INSERT INTO run_events (run_id, seq, type, data)
       SELECT id, last_event_seq, 'run-queued',
              jsonb_build_object('reason', $6::text, 'attempt', attempt, 'runAfter', run_after) || coalesce(jsonb_build_object('error', $5::jsonb), '{}')
       FROM run
     )
     SELECT pg_notify('${notificationChannels.runEvents}', id || ':' || last_event_seq),
            pg_notify('${notificationChannels.runQueued}', '') FROM run`,
    [runId, leaseOwnerKey, requeue.delayMs, requeue.nextAttempt, requeue.error ? JSON.stringify(requeue.error) : null, requeue.reason],
  );
  return rows.length === 1;
}
