import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { buildCandidatePlan } from './build-candidate-plan.js';
import { compareCandidates } from './compare-candidates.js';
import { derivePlanningDirectives } from './derive-planning-directives.js';
import { finishPlan } from './finish-plan.js';

export interface PlanArchitectureOptions {
  /** The critics' findings on `previous`; blocking and warning findings are addressed where the planner can. */
  findings?: readonly CriticFinding[];
  /** The plan the findings are about; its revision number and addressed findings carry forward. */
  previous?: ArchitecturePlan;
}

/**
 * Plans an architecture for the constraints: works every pattern out into a sized, priced
 * candidate, picks the best feasible one (the cheapest feasible one when a budget finding asks for
 * savings) and records why each alternative lost. With findings it revises: it rebuilds the plan
 * with the findings' directives, increments `revision` and lists the finding codes the new plan
 * resolves. Pure and deterministic.
 */
export function planArchitecture(constraints: Constraints, options: PlanArchitectureOptions = {}): ArchitecturePlan {
  const findings = options.findings ?? [];
  const previous = options.previous ?? null;
  const directives = derivePlanningDirectives(constraints, findings, previous);
  const chosenByCost = directives.saving !== null;
  const candidates = knowledgeBase.patterns.map((pattern) => buildCandidatePlan(constraints, pattern, directives));
  // A platform the person asked for by name ("on AWS Lambda") is honoured even when it looks
  // infeasible: the critics then say why in their findings, and the revision replaces it (its
  // directives exclude the component), so the person sees the trade-off instead of a silent swap.
  const requestedPlatforms = constraints.requestedComponents.filter((id) => !directives.excludedComponents.has(id));
  const honoursRequest = (candidate: (typeof candidates)[number]) => requestedPlatforms.some((id) => candidate.pattern.baseComponents.includes(id));
  const byQuality = compareCandidates(chosenByCost);
  const [chosen] = [...candidates].sort((left, right) => Number(honoursRequest(right)) - Number(honoursRequest(left)) || byQuality(left, right));
  if (chosen === undefined) throw new Error('The knowledge base has no architecture patterns');

  return finishPlan({ constraints, chosen, candidates, chosenByCost, findings, previous });
}
