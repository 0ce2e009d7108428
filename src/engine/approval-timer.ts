import type pg from 'pg';
import type { Logger } from 'pino';
import { expireDueApprovals, findNextApprovalDeadline } from '../store/approvals/expire-due-approvals.js';
import { startPeriodicTask, type PeriodicTask } from './periodic-task.js';

/**
 * Resolves approvals whose deadline passed with their timeout outcome, and requeues their runs
 * (or escalates those whose timeout outcome is `escalate`, once).
 * It sleeps until the nearest deadline, but never longer than `maxSleepMs` (another process may
 * create a nearer one). Deadlines are rows, so a restart resumes exactly where it left off.
 */
export function startApprovalTimer(pool: pg.Pool, logger: Logger, maxSleepMs: number): PeriodicTask {
  return startPeriodicTask(
    'approval-timer',
    logger,
    async () => {
      const { expired, escalated } = await expireDueApprovals(pool);
      for (const approval of expired) {
        logger.info({ run_id: approval.run_id, approval_id: approval.id, outcome: approval.outcome?.decision }, 'approval deadline passed; applied its timeout outcome');
      }
      for (const approval of escalated) {
        logger.info({ run_id: approval.run_id, approval_id: approval.id, escalated_to: approval.escalated_to, deadline: approval.deadline.toISOString() }, 'approval deadline passed; escalated it');
      }
      return expired.length + escalated.length > 0 ? 0 : ((await findNextApprovalDeadline(pool))?.getTime() ?? Number.POSITIVE_INFINITY) - Date.now();
    },
    (untilNext) => Math.min(maxSleepMs, Math.max(5, untilNext)),
  );
}
