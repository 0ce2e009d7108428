import type { ApprovalDecisionRequest } from '../../../contracts/approval.js';
import type { GateDependencies } from './gate-dependencies.js';

/** Error codes meaning the gate was settled before our decision arrived: the run has moved on without it. */
const settledElsewhere = new Set(['APPROVAL_EXPIRED', 'APPROVAL_ALREADY_DECIDED']);

/**
 * Sends a decision; returns false when the gate was already settled (its deadline passed while the
 * person typed, or someone decided in the web UI), which is a note, not a failure: the run goes on
 * with that outcome and the stream shows it.
 */
export async function sendGateDecision(dependencies: Pick<GateDependencies, 'api' | 'progress'>, approvalId: string, decision: ApprovalDecisionRequest): Promise<boolean> {
  try {
    await dependencies.api.decideApproval(approvalId, decision);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && settledElsewhere.has(code)) {
      dependencies.progress.line(`  too late: ${(error as Error).message}`);
      return false;
    }
    throw error;
  }
}
