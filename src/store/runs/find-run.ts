import { AppError } from '../../core/app-error.js';
import type { Queryable } from '../queryable.js';
import type { ResourceScope } from '../resource-scope.js';
import type { RunRow } from './map-run-row.js';

/** Loads a run, or throws `RUN_NOT_FOUND` (also for a run outside `scope`: no existence leak). */
export async function findRun(database: Queryable, runId: string, scope?: ResourceScope): Promise<RunRow> {
  const { rows } = await database.query<RunRow>(
    'SELECT * FROM runs WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2) AND ($3::uuid IS NULL OR project_id = $3)',
    [runId, scope?.tenantId ?? null, scope?.projectId ?? null],
  );
  const row = rows[0];
  if (!row) {
    throw new AppError('RUN_NOT_FOUND', `No run has the id ${runId}.`, { runId });
  }
  return row;
}
