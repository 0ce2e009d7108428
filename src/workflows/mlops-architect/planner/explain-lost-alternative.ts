import type { CandidatePlan } from './build-candidate-plan.js';
import { formatUsd } from './format-count.js';
import { scoreDimensionNames, scoreWeights } from './score-candidate.js';

/**
 * The concrete reason an alternative lost to the chosen plan: what rules it out if anything does
 * (e.g. "p99 cold starts ≈ 250–1000 ms exceed the 50 ms target"), else the evidence where it
 * falls furthest behind, else the cost that broke the tie.
 */
export function explainLostAlternative(alternative: CandidatePlan, chosen: CandidatePlan, chosenByCost: boolean): string {
  if (alternative.hardShortfalls.length > 0) return alternative.hardShortfalls.join('; ');
  const costs = `≈ ${formatUsd(alternative.monthlyCostUsd)} a month against ≈ ${formatUsd(chosen.monthlyCostUsd)} for ${chosen.pattern.id}`;
  if (chosenByCost && alternative.monthlyCostUsd > chosen.monthlyCostUsd) return `costs more while the plan must fit the budget: ${costs}`;

  let worst: { deficit: number; note: string } | null = null;
  for (const name of scoreDimensionNames) {
    const note = alternative.dimensions[name].note;
    const deficit = scoreWeights[name] * (chosen.dimensions[name].value - alternative.dimensions[name].value);
    // Below a thousandth the difference is rounding, not evidence.
    if (note !== null && deficit > 0.001 && (worst === null || deficit > worst.deficit)) worst = { deficit, note };
  }
  if (worst !== null) return worst.note;
  if (alternative.monthlyCostUsd > chosen.monthlyCostUsd) return `fits as well but costs more: ${costs}`;
  return `fits as well at the same cost; ${chosen.pattern.id} comes first by name`;
}
