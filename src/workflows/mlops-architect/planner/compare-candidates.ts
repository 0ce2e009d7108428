import type { CandidatePlan } from './build-candidate-plan.js';

/**
 * Orders candidates best first: feasible before infeasible, then by score (or by cost when the plan
 * must fit a budget), then by cost or score, then by pattern id so ties never depend on input order.
 */
export function compareCandidates(byCost: boolean): (left: CandidatePlan, right: CandidatePlan) => number {
  return (left, right) => {
    const feasibility = Number(left.hardShortfalls.length > 0) - Number(right.hardShortfalls.length > 0);
    if (feasibility !== 0) return feasibility;
    const byScore = right.score - left.score;
    const byMonthlyCost = left.monthlyCostUsd - right.monthlyCostUsd;
    const [first, second] = byCost ? [byMonthlyCost, byScore] : [byScore, byMonthlyCost];
    if (first !== 0) return first;
    if (second !== 0) return second;
    return left.pattern.id < right.pattern.id ? -1 : left.pattern.id > right.pattern.id ? 1 : 0;
  };
}
