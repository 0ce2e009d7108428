import type { Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { roundConfidence } from './measure-extraction-confidence.js';

/** The constraints each critic's judgement rests on: a review is only as sure as what it checks against. */
const fieldsByCritic: Record<CriticFinding['critic'], readonly (keyof Constraints)[]> = {
  feasibility: ['latencyMs', 'throughputRps', 'workloads', 'gpu'],
  policy: ['compliance', 'dataClassification'],
  cost: ['budgetMonthlyUsd', 'throughputRps', 'workloads'],
};

/** A field the request never settled: the critic judged against a default. */
const unsettledFieldConfidence = 0.3;

/**
 * A critic's confidence: the mean evidence confidence of the constraints it judged against.
 * Findings do not lower it (a critic can be sure a plan is wrong); unknown inputs do.
 */
export function measureCriticConfidence(critic: CriticFinding['critic'], constraints: Constraints): number {
  // Where the data lives only matters to the policy critic for frameworks with a residency control.
  const residency = constraints.compliance.some((framework) => knowledgeBase.checklist.frameworks[framework]?.controls.some(({ control }) => control === 'data_residency'));
  const fields = critic === 'policy' && residency ? [...fieldsByCritic.policy, 'regions' as const] : fieldsByCritic[critic];
  const sum = fields.reduce((total, field) => total + (constraints.evidence[field]?.confidence ?? unsettledFieldConfidence), 0);
  return roundConfidence(sum / fields.length);
}
