import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';

/** A reviewer of plans: deterministic, offline, returning findings with stable codes, sorted. */
export interface Critic {
  readonly name: CriticFinding['critic'];
  review(constraints: Constraints, plan: ArchitecturePlan): CriticFinding[];
}
