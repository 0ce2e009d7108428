import { AppError } from '../../core/app-error.js';
import type { Queryable } from '../queryable.js';
import type { RunRow } from './map-run-row.js';

/** Loads a run, or throws `RUN_NOT_FOUND`. */
export async function findRun(database: Queryable, runId: string): Promise<RunRow> {
  const { rows } = await database.query<RunRow>('SELECT * FROM runs WHERE id = $1', [runId]);
  const row = rows[0];
  if (!row) {
    throw new AppError('RUN_NOT_FOUND', `No run has the id ${runId}.`, { runId });
  }
  return row;
}
