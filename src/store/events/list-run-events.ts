import type { RunEvent } from '../../contracts/run-event.js';
import type { Queryable } from '../queryable.js';

interface RunEventRow {
  run_id: string;
  seq: number;
  type: string;
  data: unknown;
  created_at: Date;
}

/** Maps a `run_events` row to its wire shape. */
export function mapRunEventRow(row: RunEventRow): RunEvent {
  return { runId: row.run_id, seq: row.seq, type: row.type, data: row.data, createdAt: row.created_at.toISOString() } as RunEvent;
}

/** Events of a run with `seq > after`, in order. */
export async function listRunEvents(database: Queryable, runId: string, after: number, limit = 1000): Promise<RunEvent[]> {
  const { rows } = await database.query<RunEventRow>(
    'SELECT run_id, seq, type, data, created_at FROM run_events WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [runId, after, limit],
  );
  return rows.map(mapRunEventRow);
}
