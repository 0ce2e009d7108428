import type { NewRunEvent } from '../../contracts/run-event.js';
import type { Queryable } from '../queryable.js';
import { notificationChannels } from '../notification-channels.js';

/** Where the appended events landed. */
export interface AppendedEvents {
  firstSeq: number;
  lastSeq: number;
}

/**
 * Appends events to a run's log in one statement. `seq` comes from `runs.last_event_seq`, bumped
 * in the same statement: the row lock serialises appenders of one run, and a rolled-back
 * transaction rolls back the counter too, so seqs have no gaps and no duplicates. The NOTIFY
 * carries only `runId:lastSeq`; subscribers read the rows.
 *
 * With `leaseOwnerKey`, the append only happens while that worker still holds the run's lease
 * (returns undefined otherwise). With `notify` false the caller announces the events itself
 * (the worker's RunEventAnnouncer) instead of sending a NOTIFY inside this commit.
 */
export async function appendRunEvents(database: Queryable, runId: string, events: readonly NewRunEvent[], leaseOwnerKey?: number, notify = true): Promise<AppendedEvents | undefined> {
  if (events.length === 0) {
    return undefined;
  }
  const { rows } = await database.query<{ last_seq: number }>(
    `WITH commit_setting AS MATERIALIZED (
       -- Events a node appends under its lease are re-created if the node re-runs, so they need
       -- not wait for their own WAL flush (the next checkpoint's flush covers them).
       SELECT set_config('synchronous_commit', CASE WHEN $4::integer IS NULL THEN 'on' ELSE 'off' END, true)
     ), counter AS (
       UPDATE runs SET last_event_seq = last_event_seq + $2, updated_at = now()
       WHERE id = $1 AND ($4::integer IS NULL OR (lease_owner_key = $4 AND status = 'running'))
       RETURNING last_event_seq
     ), inserted AS (
       INSERT INTO run_events (run_id, seq, type, data)
       SELECT $1, counter.last_event_seq - $2 + event.ordinality, event.value->>'type', event.value->'data'
       FROM counter, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS event(value, ordinality)
       RETURNING seq
     )
     SELECT max(seq) AS last_seq, CASE WHEN $5 THEN pg_notify('${notificationChannels.runEvents}', $1 || ':' || max(seq)) END
     FROM inserted, commit_setting HAVING count(*) > 0`,
    [runId, events.length, JSON.stringify(events), leaseOwnerKey ?? null, notify],
  );
  const lastSeq = rows[0]?.last_seq;
  return lastSeq === undefined ? undefined : { firstSeq: lastSeq - events.length + 1, lastSeq };
}
