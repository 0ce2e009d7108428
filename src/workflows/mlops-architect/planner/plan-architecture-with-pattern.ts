import type { ArchitecturePlan, Constraints } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { buildCandidatePlan } from './build-candidate-plan.js';
import { createArchitecturePlan } from './create-architecture-plan.js';
import { noDirectives } from './planning-directives.js';

/**
 * The plan a given pattern would give for the constraints, even one the planner would not choose:
 * what a request naming a service ("on AWS Lambda") would get, for the critics to judge.
 */
export function planArchitectureWithPattern(constraints: Constraints, patternId: string): ArchitecturePlan {
  const candidates = knowledgeBase.patterns.map((pattern) => buildCandidatePlan(constraints, pattern, noDirectives));
  const chosen = candidates.find((candidate) => candidate.pattern.id === patternId);
  if (chosen === undefined) throw new Error(`Unknown architecture pattern: ${patternId}`);
  return createArchitecturePlan({ constraints, chosen, candidates, chosenByCost: false, revision: 0, addressedFindings: [] });
}
