import type { NodeFunction } from '../../../engine/workflow-definition.js';
import { maxPlanRevisions } from '../design-with-revisions.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { compareFindings } from '../planner/compare-findings.js';
import { emitAgentCard } from './emit-agent-card.js';

/** Whether the planner revises after this review: a blocking finding remains and revisions are left. */
export function needsRevision(state: Pick<MlopsArchitectStateValues, 'findings' | 'plan'>): boolean {
  return state.findings.some((finding) => finding.severity === 'blocking') && (state.plan?.revision ?? 0) < maxPlanRevisions;
}

/**
 * Joins the three critics: merges their findings, records the reviewed plan (every revision stays
 * visible) and decides whether the planner revises (at most twice) or the design goes to the final gate.
 */
export const revisionCheckNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  const plan = state.plan;
  if (!plan) throw new Error('revision check ran before the planner');
  const findings = Object.values(state.findingsByCritic).flat().sort(compareFindings);
  const blocking = findings.filter((finding) => finding.severity === 'blocking');
  const revise = needsRevision({ findings, plan });
  const reviewedPlans = [
    ...state.reviewedPlans,
    { revision: plan.revision, pattern: plan.pattern, estimatedMonthlyCostUsd: plan.estimatedMonthlyCostUsd, findingCodes: findings.map((finding) => finding.code), blocking: blocking.length },
  ];
  const reasonCards = await emitAgentCard(context, {
    agent: 'revision',
    inputs: { revision: plan.revision, blocking: blocking.map((finding) => finding.code), warnings: findings.filter((finding) => finding.severity === 'warning').length, maxRevisions: maxPlanRevisions },
    reasoning: revise
      ? `${blocking.length} blocking finding(s) remain on revision ${plan.revision}; the planner revises with their fixes.`
      : blocking.length > 0
        ? `${blocking.length} blocking finding(s) remain after ${maxPlanRevisions} revisions; the final gate decides with them open.`
        : `No blocking finding on revision ${plan.revision}.`,
    decision: revise ? `Revise (revision ${plan.revision + 1} of at most ${maxPlanRevisions})` : 'Accept the plan for the final gate',
    alternatives: revise ? [{ option: 'accept as is', reason: `blocking: ${blocking.map((finding) => finding.code).join(', ')}` }] : [],
    // Sure of the verdict when it rests on few open issues; each blocking one is a reason to doubt the plan.
    confidence: Math.max(0.05, Math.round((1 - 0.25 * blocking.length - 0.05 * (findings.length - blocking.length)) * 100) / 100),
  });
  return { findings, reviewedPlans, reasonCards };
};
