import type { ArchitecturePlan } from '../../../contracts/mlops-architect.js';
import { roundConfidence } from './measure-extraction-confidence.js';

/** A winning margin this large over the runner-up leaves no doubt about the choice. */
const decisiveMargin = 0.15;

/**
 * The planner's confidence: how well the chosen pattern fits (its score), discounted when the
 * runner-up scored almost as well (a close call could have gone the other way).
 */
export function measurePlanConfidence(plan: ArchitecturePlan): number {
  const runnerUp = Math.max(0, ...plan.alternatives.map((alternative) => alternative.score));
  const margin = Math.max(0, plan.score - runnerUp);
  return roundConfidence(plan.score * (0.75 + 0.25 * Math.min(1, margin / decisiveMargin)));
}
