import type { Constraints } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { buildCandidatePlan } from './build-candidate-plan.js';
import { compareCandidates } from './compare-candidates.js';
import { noDirectives } from './planning-directives.js';

/** The cheapest plan the constraints allow, and what it would take. */
export interface CheapestPlanEstimate {
  monthlyCostUsd: number;
  pattern: string;
}

/**
 * The monthly cost of the cheapest plan that still meets the constraints, with every saving the
 * planner knows applied (spot capacity, minimum nodes, the cheapest feasible pattern): the floor
 * the cost critic compares a budget with.
 */
export function estimateCheapestMonthlyCost(constraints: Constraints): CheapestPlanEstimate {
  const directives = { ...noDirectives, saving: 'to find the cheapest plan that meets the constraints' };
  const candidates = knowledgeBase.patterns.map((pattern) => buildCandidatePlan(constraints, pattern, directives));
  const [cheapest] = candidates.sort(compareCandidates(true));
  if (cheapest === undefined) throw new Error('The knowledge base has no architecture patterns');
  return { monthlyCostUsd: cheapest.monthlyCostUsd, pattern: cheapest.pattern.id };
}
