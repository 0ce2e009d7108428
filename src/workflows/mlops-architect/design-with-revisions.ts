import type { ArchitecturePlan, Constraints, CriticFinding } from '../../contracts/mlops-architect.js';
import { reviewPlan } from './critics/review-plan.js';
import { planArchitecture } from './planner/plan-architecture.js';

/** At most this many revisions after the first plan (issue 3). */
export const maxPlanRevisions = 2;

/** The first plan with what the critics said of it, and the plan and findings after revising. */
export interface RevisedDesign {
  firstPlan: ArchitecturePlan;
  firstFindings: CriticFinding[];
  plan: ArchitecturePlan;
  findings: CriticFinding[];
}

/**
 * Plans, has the critics review, and revises while a blocking finding remains, at most twice: the
 * design rule of the MLOps Architect, in one place for the workflow and its tests.
 */
export function designWithRevisions(constraints: Constraints): RevisedDesign {
  const firstPlan = planArchitecture(constraints);
  const firstFindings = reviewPlan(constraints, firstPlan);
  let plan = firstPlan;
  let findings = firstFindings;
  for (let revision = 0; revision < maxPlanRevisions && findings.some((finding) => finding.severity === 'blocking'); revision += 1) {
    plan = planArchitecture(constraints, { findings, previous: plan });
    findings = reviewPlan(constraints, plan);
  }
  return { firstPlan, firstFindings, plan, findings };
}
