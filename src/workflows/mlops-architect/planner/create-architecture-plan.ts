import { architecturePlanSchema, type ArchitecturePlan, type Constraints } from '../../../contracts/mlops-architect.js';
import type { CandidatePlan } from './build-candidate-plan.js';
import { compareCandidates } from './compare-candidates.js';
import { explainLostAlternative } from './explain-lost-alternative.js';

export interface CreateArchitecturePlanInput {
  constraints: Constraints;
  chosen: CandidatePlan;
  candidates: readonly CandidatePlan[];
  chosenByCost: boolean;
  revision: number;
  addressedFindings: readonly string[];
}

/** Turns the chosen candidate and the ones that lost into the `ArchitecturePlan` contract, parsed so a planner bug cannot leak out. */
export function createArchitecturePlan(input: CreateArchitecturePlanInput): ArchitecturePlan {
  const { constraints, chosen, candidates, chosenByCost } = input;
  const alternatives = candidates
    .filter((candidate) => candidate !== chosen)
    .sort(compareCandidates(chosenByCost))
    .map((candidate) => ({ pattern: candidate.pattern.id, score: candidate.score, reason: explainLostAlternative(candidate, chosen, chosenByCost) }));
  return architecturePlanSchema.parse({
    pattern: chosen.pattern.id,
    patternName: chosen.pattern.name,
    cloud: constraints.cloud,
    region: chosen.region.region,
    components: chosen.components,
    estimatedMonthlyCostUsd: chosen.monthlyCostUsd,
    score: chosen.score,
    alternatives,
    revision: input.revision,
    addressedFindings: [...new Set(input.addressedFindings)].sort(),
  });
}
