import type pg from 'pg';
import type { Logger } from 'pino';
import { sweepLostRuns } from '../store/runs/sweep-lost-runs.js';
import { startPeriodicTask, type PeriodicTask } from './periodic-task.js';

/**
 * Every `intervalMs`, requeues runs whose worker died (lock gone) or whose lease expired. Every
 * process runs one; `SKIP LOCKED` keeps them from sweeping the same run twice.
 */
export function startLostRunSweeper(pool: pg.Pool, logger: Logger, intervalMs: number): PeriodicTask {
  return startPeriodicTask(
    'lost-run-sweeper',
    logger,
    async () => {
      const swept = await sweepLostRuns(pool);
      for (const run of swept) {
        logger.warn({ run_id: run.runId, requeued: run.requeued }, run.requeued ? 'requeued a run whose worker was lost' : 'failed a run whose worker was lost and attempts are used up');
      }
      return swept.length;
    },
    (swept) => (swept === 100 ? 0 : intervalMs),
  );
}
