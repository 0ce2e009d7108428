import type pg from 'pg';
import { AppError } from '../../core/app-error.js';
import { isTerminalRunStatus } from '../../core/run-status.js';
import { appendRunEvents } from '../events/append-run-events.js';
import { notificationChannels } from '../notification-channels.js';
import { inTransaction } from '../queryable.js';
import type { RunRow } from './map-run-row.js';

/**
 * Cancels a run. A queued or waiting run ends `cancelled` at once (its pending approvals are
 * cancelled too); a running run gets `cancel_requested_at` and a NOTIFY so its worker aborts the
 * current node and stops (cooperative). Cancelling a cancelled run is a no-op; any other ended run
 * is `RUN_NOT_CANCELLABLE`.
 */
export async function cancelRun(pool: pg.Pool, runId: string, requestedBy: string | null): Promise<RunRow> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<RunRow>('SELECT * FROM runs WHERE id = $1 FOR UPDATE', [runId]);
    const run = rows[0];
    if (!run) {
      throw new AppError('RUN_NOT_FOUND', `No run has the id ${runId}.`, { runId });
    }
    if (run.status === 'cancelled' || (run.status === 'running' && run.cancel_requested_at !== null)) {
      return run;
    }
    if (isTerminalRunStatus(run.status)) {
      throw new AppError('RUN_NOT_CANCELLABLE', `The run already ended as ${run.status}.`, { runId, status: run.status });
    }
    if (run.status === 'running') {
      await client.query('UPDATE runs SET cancel_requested_at = now(), updated_at = now() WHERE id = $1', [runId]);
      await appendRunEvents(client, runId, [{ type: 'run-cancel-requested', data: { requestedBy } }]);
      await client.query('SELECT pg_notify($1, $2)', [notificationChannels.runCancel, runId]);
    } else {
      await client.query(
        `UPDATE approvals SET status = 'cancelled', decided_at = now(), decided_by = $2 WHERE run_id = $1 AND status = 'pending'`,
        [runId, requestedBy],
      );
      const error = new AppError('RUN_CANCELLED', 'The run was cancelled before it finished.').toJSON();
      await client.query(
        `UPDATE runs SET status = 'cancelled', cancel_requested_at = now(), ended_at = now(), updated_at = now(),
                error = $2 WHERE id = $1`,
        [runId, JSON.stringify(error)],
      );
      await appendRunEvents(client, runId, [
        { type: 'run-cancel-requested', data: { requestedBy } },
        { type: 'run-ended', data: { status: 'cancelled', error } },
      ]);
    }
    const updated = await client.query<RunRow>('SELECT * FROM runs WHERE id = $1', [runId]);
    return updated.rows[0] as RunRow;
  });
}
