import { criticFindingSchema, type ArchitecturePlan, type Constraints, type CriticFinding } from '../../../contracts/mlops-architect.js';
import { compareFindings } from '../planner/compare-findings.js';
import { costCritic } from './cost-critic.js';
import type { Critic } from './critic.js';
import { feasibilityCritic } from './feasibility-critic.js';
import { policyCritic } from './policy-critic.js';

/** The three critics, in the order the workflow shows them. */
export const critics: readonly Critic[] = [feasibilityCritic, policyCritic, costCritic];

/** Runs every critic on the plan and returns their findings, blocking first, each parsed against the contract. */
export function reviewPlan(constraints: Constraints, plan: ArchitecturePlan): CriticFinding[] {
  return critics
    .flatMap((critic) => critic.review(constraints, plan))
    .map((finding) => criticFindingSchema.parse(finding))
    .sort(compareFindings);
}
