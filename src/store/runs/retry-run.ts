import type pg from 'pg';
import { AppError } from '../../core/app-error.js';
import { retryableRunStatuses, type RunStatus } from '../../core/run-status.js';
import { appendRunEvents } from '../events/append-run-events.js';
import { notificationChannels } from '../notification-channels.js';
import { inTransaction } from '../queryable.js';
import type { RunRow } from './map-run-row.js';

/**
 * Requeues a failed, cancelled or timed-out run with a fresh set of attempts. It resumes from its
 * last checkpoint (nodes that completed do not run again), like a Temporal reset to the point of
 * failure.
 */
export async function retryRun(pool: pg.Pool, runId: string): Promise<RunRow> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<RunRow>('SELECT * FROM runs WHERE id = $1 FOR UPDATE', [runId]);
    const run = rows[0];
    if (!run) {
      throw new AppError('RUN_NOT_FOUND', `No run has the id ${runId}.`, { runId });
    }
    if (!(retryableRunStatuses as readonly RunStatus[]).includes(run.status)) {
      throw new AppError('RUN_NOT_RETRYABLE', `A ${run.status} run cannot be retried; only ${retryableRunStatuses.join(', ')} runs can.`, { runId, status: run.status });
    }
    const updated = await client.query<RunRow>(
      `UPDATE runs SET status = 'queued', attempt = 1, error = NULL, output = NULL, run_after = now(), ended_at = NULL,
              cancel_requested_at = NULL, deadline_at = NULL, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [runId],
    );
    const row = updated.rows[0] as RunRow;
    await appendRunEvents(client, runId, [{ type: 'run-queued', data: { reason: 'manual-retry', attempt: 1, runAfter: row.run_after.toISOString() } }]);
    await client.query('SELECT pg_notify($1, $2)', [notificationChannels.runQueued, '']);
    return row;
  });
}
