import type { RunEventData } from '../../contracts/run-event.js';
import type { AppendedRunEvents } from '../llm-calls/insert-llm-calls.js';
import type { Queryable } from '../queryable.js';

/** A soft-threshold warning for the run whose call crossed it. */
export interface BudgetWarning {
  runId: string;
  data: RunEventData<'budget-warning'>;
}

/**
 * Appends `budget-warning` events to the runs whose calls pushed a budget past its soft threshold
 * (once per budget and period: `budget_settle` reports each crossing once). Written by the gateway,
 * which holds no run lease, so the append takes the run's `last_event_seq` under its row lock as
 * every append does. Returns the runs to announce.
 */
export async function appendBudgetWarnings(database: Queryable, warnings: readonly BudgetWarning[]): Promise<AppendedRunEvents> {
  if (warnings.length === 0) return [];
  const { rows } = await database.query<{ run_id: string; last_seq: number }>(
    `WITH input AS MATERIALIZED (
       SELECT x.run_id, x.data, row_number() OVER (PARTITION BY x.run_id ORDER BY x.ordinal) AS position
       FROM jsonb_to_recordset($1::jsonb) AS x(run_id uuid, data jsonb, ordinal bigint)
     ), per_run AS (
       SELECT run_id, count(*)::integer AS events FROM input GROUP BY run_id
     ), run_totals AS (
       UPDATE runs SET last_event_seq = runs.last_event_seq + per_run.events, updated_at = now()
       FROM per_run WHERE runs.id = per_run.run_id
       RETURNING runs.id, runs.last_event_seq, per_run.events
     ), events AS (
       INSERT INTO run_events (run_id, seq, type, data)
       SELECT input.run_id, run_totals.last_event_seq - run_totals.events + input.position, 'budget-warning', input.data
       FROM input JOIN run_totals ON run_totals.id = input.run_id
     )
     SELECT id AS run_id, last_event_seq AS last_seq FROM run_totals`,
    [JSON.stringify(warnings.map((warning, ordinal) => ({ run_id: warning.runId, data: warning.data, ordinal })))],
  );
  return rows.map((row) => ({ runId: row.run_id, lastSeq: row.last_seq }));
}
