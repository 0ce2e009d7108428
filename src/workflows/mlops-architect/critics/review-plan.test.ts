import { describe, expect, it } from 'vitest';
import type { ArchitecturePlan, Constraints } from '../../../contracts/mlops-architect.js';
import { costFindingCodes, feasibilityFindingCodes } from '../knowledge-base/finding-codes.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { buildConstraints } from '../planner/__fixtures__/build-constraints.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { planArchitectureWithPattern } from '../planner/plan-architecture-with-pattern.js';
import { critics, reviewPlan } from './review-plan.js';

const stableCodes: Record<string, readonly string[]> = {
  feasibility: feasibilityFindingCodes,
  policy: Object.values(knowledgeBase.checklist.controls).map((control) => control.findingCode),
  cost: costFindingCodes,
};

/** Plans with many problems at once, so every critic has something to say. */
function troubledPlans(): { constraints: Constraints; plan: ArchitecturePlan }[] {
  const strict = buildConstraints({ latencyMs: 20, throughputRps: 9000, gpu: 'required', compliance: ['PCI_DSS', 'GDPR', 'SOX'], regions: ['us-east-1'], budgetMonthlyUsd: 100 });
  const training = buildConstraints({ workloads: ['training', 'online_inference'], throughputRps: 20_000, budgetMonthlyUsd: 5000, compliance: ['HIPAA'] });
  return [
    { constraints: strict, plan: { ...planArchitectureWithPattern(strict, 'serverless_inference'), components: [] } },
    { constraints: strict, plan: planArchitectureWithPattern(strict, 'serverless_inference') },
    { constraints: training, plan: planArchitecture(training) },
  ];
}

describe('reviewPlan', () => {
  it('runs the feasibility, policy and cost critics', () => {
    expect(critics.map((critic) => critic.name)).toEqual(['feasibility', 'policy', 'cost']);
  });

  it('raises only the stable codes each critic declares', () => {
    for (const { constraints, plan } of troubledPlans()) {
      const findings = reviewPlan(constraints, plan);
      expect(findings.length).toBeGreaterThan(0);
      for (const finding of findings) expect(stableCodes[finding.critic], finding.code).toContain(finding.code);
    }
  });

  it('lists blocking findings first and gives each a concrete fix', () => {
    const order = ['blocking', 'warning', 'info'];
    for (const { constraints, plan } of troubledPlans()) {
      const findings = reviewPlan(constraints, plan);
      const severities = findings.map((finding) => finding.severity);
      expect(severities).toEqual([...severities].sort((left, right) => order.indexOf(left) - order.indexOf(right)));
      for (const finding of findings) expect(finding.fix.length).toBeGreaterThan(10);
    }
  });

  it('is deterministic: the same plan gives deep-equal findings', () => {
    for (const { constraints, plan } of troubledPlans()) expect(reviewPlan(constraints, structuredClone(plan))).toStrictEqual(reviewPlan(constraints, plan));
  });
});
