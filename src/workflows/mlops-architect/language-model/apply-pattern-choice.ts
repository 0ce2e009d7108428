import type { ArchitecturePlan, Constraints } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { buildCandidatePlan, type CandidatePlan } from '../planner/build-candidate-plan.js';
import { derivePlanningDirectives } from '../planner/derive-planning-directives.js';
import { finishPlan } from '../planner/finish-plan.js';
import { formatUsd } from '../planner/format-count.js';
import type { PlanArchitectureOptions } from '../planner/plan-architecture.js';
import type { CheckedAnswer } from './run-model-agent.js';

/** The model's pick: a pattern id from the knowledge base and why. */
export interface PatternChoice {
  pattern: string;
  justification: string;
}

// The justification is the model's prose; it goes into a reason, not a report.
const maxJustificationLength = 300;

function honours(candidate: CandidatePlan, requested: readonly string[]): boolean {
  return requested.some((id) => candidate.pattern.baseComponents.includes(id));
}

/**
 * Turns the model's pattern choice into a plan with the built-in planner's sizing and prices, or
 * keeps the built-in plan with a correction when the choice is unknown, infeasible (the hard
 * shortfalls that make planArchitecture rank a candidate last), ignores a platform the request names
 * (which planArchitecture always honours), or costs more while a budget finding asks for savings.
 * The model only picks among the knowledge base's patterns: components and prices are never its own.
 */
export function applyPatternChoice(constraints: Constraints, options: PlanArchitectureOptions, builtinPlan: ArchitecturePlan, choice: PatternChoice, modelName: string): CheckedAnswer<ArchitecturePlan> {
  const findings = options.findings ?? [];
  const previous = options.previous ?? null;
  // The same directives and candidates planArchitecture builds, so both choices are judged alike.
  const directives = derivePlanningDirectives(constraints, findings, previous);
  const chosenByCost = directives.saving !== null;
  const candidates = knowledgeBase.patterns.map((pattern) => buildCandidatePlan(constraints, pattern, directives));
  const proposed = candidates.find((candidate) => candidate.pattern.id === choice.pattern);
  const builtinCandidate = candidates.find((candidate) => candidate.pattern.id === builtinPlan.pattern);
  const keepBuiltin = (why: string): CheckedAnswer<ArchitecturePlan> => ({
    value: builtinPlan,
    overruled: true,
    corrections: [`model chose pattern ${JSON.stringify(choice.pattern.slice(0, 100))} but ${why}; used the built-in choice ${builtinPlan.pattern}`],
  });

  if (proposed === undefined) return keepBuiltin('the knowledge base has no such pattern');
  if (proposed.pattern.id === builtinPlan.pattern || builtinCandidate === undefined) return { value: builtinPlan, corrections: [] };
  if (proposed.hardShortfalls.length > 0) return keepBuiltin(`it cannot meet the constraints (${proposed.hardShortfalls.join('; ')})`);
  const requested = constraints.requestedComponents.filter((id) => !directives.excludedComponents.has(id));
  if (honours(builtinCandidate, requested) && !honours(proposed, requested)) return keepBuiltin(`the request names ${requested.join(', ')}, which ${builtinPlan.pattern} is built on`);
  if (chosenByCost && proposed.monthlyCostUsd > builtinCandidate.monthlyCostUsd) {
    return keepBuiltin(`it costs ≈ ${formatUsd(proposed.monthlyCostUsd)} a month against ≈ ${formatUsd(builtinCandidate.monthlyCostUsd)} while the plan must be as cheap as it can ${directives.saving ?? 'to save'}`);
  }

  const plan = finishPlan({ constraints, chosen: proposed, candidates, chosenByCost, findings, previous });
  const justification = choice.justification.length > maxJustificationLength ? `${choice.justification.slice(0, maxJustificationLength)}…` : choice.justification;
  // explainLostAlternative assumes the winner scored at least as well; for the built-in's pick, say what really happened.
  const alternatives = plan.alternatives.map((alternative) =>
    alternative.pattern === builtinPlan.pattern
      ? { ...alternative, reason: `the built-in planner's choice (score ${alternative.score} against ${plan.score}); ${modelName} preferred ${plan.pattern}: ${justification}` }
      : alternative,
  );
  return { value: { ...plan, alternatives }, corrections: [] };
}
