import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import type { CandidatePlan } from './build-candidate-plan.js';
import { createArchitecturePlan } from './create-architecture-plan.js';
import { isFindingResolved } from './is-finding-resolved.js';

/** What a plan is finished from: the chosen candidate among all, and the review it answers. */
export interface FinishPlanInput {
  constraints: Constraints;
  chosen: CandidatePlan;
  candidates: readonly CandidatePlan[];
  chosenByCost: boolean;
  /** The critics' findings on `previous` (empty for a first plan). */
  findings: readonly CriticFinding[];
  previous: ArchitecturePlan | null;
}

/**
 * Turns the chosen candidate into the plan, with the revision rules in one place: a plan made
 * after findings is a revision (one more than the previous plan's), and it lists the finding codes
 * it resolves after every earlier fix (the directives are re-applied, so earlier codes stay listed).
 */
export function finishPlan(input: FinishPlanInput): ArchitecturePlan {
  const { constraints, chosen, findings, previous } = input;
  const isRevision = previous !== null || findings.length > 0;
  const resolved = findings.filter((finding) => finding.severity !== 'info' && isFindingResolved(finding, constraints, chosen)).map((finding) => finding.code);
  return createArchitecturePlan({
    constraints,
    chosen,
    candidates: input.candidates,
    chosenByCost: input.chosenByCost,
    revision: previous === null ? Number(isRevision) : previous.revision + 1,
    addressedFindings: [...(previous?.addressedFindings ?? []), ...resolved],
  });
}
