import type pg from 'pg';
import { AppError } from '../../core/app-error.js';
import { notificationChannels } from '../notification-channels.js';
import { inTransaction } from '../queryable.js';

/** The advisory-lock namespace (first key of the two-integer form) for worker liveness locks. */
export const workerLockNamespace = 0x61627573; // "abus"

/** A run the sweeper took back from a dead worker. */
export interface SweptRun {
  runId: string;
  requeued: boolean;
}

/**
 * Finds running runs whose worker is gone and returns them to the queue (or fails them when their
 * attempts are used up). A worker is gone when its session advisory lock has disappeared from
 * `pg_locks` (its connection died with the process: detected within one sweep after `kill -9`)
 * or when its lease expired (a host that vanished without closing its connection). Their
 * unfinished steps are marked failed with `WORKER_LOST`, each with its `node-end` event.
 */
export async function sweepLostRuns(pool: pg.Pool): Promise<SweptRun[]> {
  return inTransaction(pool, async (client) => {
    const lost = await client.query<{ id: string; attempt: number; max_attempts: number; lease_owner: string | null }>(
      `WITH live AS MATERIALIZED (
         SELECT objid::bigint AS worker_key FROM pg_locks
         WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objsubid = 2 AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       )
       SELECT id, attempt, max_attempts, lease_owner FROM runs
       WHERE status = 'running'
         AND (lease_expires_at < now() OR lease_owner_key IS NULL OR lease_owner_key NOT IN (SELECT worker_key FROM live))
       ORDER BY id
       LIMIT 100
       FOR UPDATE SKIP LOCKED`,
      [workerLockNamespace],
    );
    const swept: SweptRun[] = [];
    for (const run of lost.rows) {
      const error = new AppError('WORKER_LOST', `The worker ${run.lease_owner ?? 'unknown'} stopped while running this run.`).toJSON();
      const steps = await client.query<{ id: string; node: string; step_index: number; attempt: number; duration_ms: number }>(
        `UPDATE steps SET status = 'failed', ended_at = now(), error = $2,
                duration_ms = extract(epoch FROM now() - started_at) * 1000
         WHERE run_id = $1 AND status = 'running'
         RETURNING id, node, step_index, attempt, duration_ms`,
        [run.id, JSON.stringify(error)],
      );
      const exhausted = run.attempt >= run.max_attempts;
      const events: unknown[] = steps.rows.map((step) => ({
        type: 'node-end',
        data: { stepId: step.id, node: step.node, stepIndex: step.step_index, attempt: step.attempt, status: 'failed', durationMs: step.duration_ms, error },
      }));
      const updated = await client.query<{ last_event_seq: number; attempt: number; run_after: Date }>(
        `UPDATE runs SET status = $2, attempt = attempt + CASE WHEN $3 THEN 0 ELSE 1 END, run_after = now(), updated_at = now(),
                ended_at = CASE WHEN $3 THEN now() END, error = $4,
                lease_owner = NULL, lease_owner_key = NULL, lease_expires_at = NULL,
                last_event_seq = last_event_seq + $5
         WHERE id = $1 RETURNING last_event_seq, attempt, run_after`,
        [run.id, exhausted ? 'failed' : 'queued', exhausted, JSON.stringify(error), events.length + 1],
      );
      const row = updated.rows[0];
      if (!row) continue;
      events.push(
        exhausted
          ? { type: 'run-ended', data: { status: 'failed', error } }
          : { type: 'run-queued', data: { reason: 'worker-lost', attempt: row.attempt, runAfter: row.run_after.toISOString(), error } },
      );
      await client.query(
        `INSERT INTO run_events (run_id, seq, type, data)
         SELECT $1::uuid, $2::integer - $3::integer + event.ordinality::integer, event.value->>'type', event.value->'data'
         FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS event(value, ordinality)`,
        [run.id, row.last_event_seq, events.length, JSON.stringify(events)],
      );
      await client.query(`SELECT pg_notify($1, $2)`, [notificationChannels.runEvents, `${run.id}:${row.last_event_seq}`]);
      swept.push({ runId: run.id, requeued: !exhausted });
    }
    if (swept.some((run) => run.requeued)) {
      await client.query(`SELECT pg_notify($1, '')`, [notificationChannels.runQueued]);
    }
    return swept;
  });
}
