import { describe, expect, it } from 'vitest';
import { buildConstraints } from '../planner/__fixtures__/build-constraints.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { planArchitectureWithPattern } from '../planner/plan-architecture-with-pattern.js';
import { costCritic } from './cost-critic.js';

describe('costCritic', () => {
  it('flags budget_infeasible when even the cheapest plan that meets the constraints is over budget', () => {
    const constraints = buildConstraints({ workloads: ['streaming', 'online_inference'], gpu: 'required', budgetMonthlyUsd: 500 });
    const finding = costCritic.review(constraints, planArchitecture(constraints)).find((candidate) => candidate.code === 'budget_infeasible');
    expect(finding).toMatchObject({ critic: 'cost', severity: 'blocking' });
    expect(finding?.message).toMatch(/against a \$500 budget, and even the cheapest plan .* costs ≈ \$1,\d{3}/);
    expect(finding?.fix).toMatch(/^Raise the budget to at least \$1,\d{3} a month, or relax what drives the cost \(gpu_node_pool/);
  });

  it('flags budget_exceeded when a cheaper sizing would fit', () => {
    const constraints = buildConstraints({ workloads: ['online_inference'], latencyMs: 100, throughputRps: 100, budgetMonthlyUsd: 350 });
    const [finding] = costCritic.review(constraints, planArchitecture(constraints));
    expect(finding).toMatchObject({ code: 'budget_exceeded', severity: 'blocking' });
    expect(finding?.componentIds[0]).toBe('eks');
  });

  it('warns budget_at_risk when the estimate is within 20% of the budget', () => {
    const constraints = buildConstraints({ workloads: ['online_inference'] });
    const plan = planArchitecture(constraints);
    const findings = costCritic.review({ ...constraints, budgetMonthlyUsd: Math.ceil(plan.estimatedMonthlyCostUsd / 0.9) }, plan);
    expect(findings.map((finding) => [finding.code, finding.severity])).toContainEqual(['budget_at_risk', 'warning']);
  });

  it('raises no budget finding when the plan is well inside the budget or there is none', () => {
    const constraints = buildConstraints({ workloads: ['online_inference'] });
    const plan = planArchitecture(constraints);
    expect(costCritic.review({ ...constraints, budgetMonthlyUsd: plan.estimatedMonthlyCostUsd * 2 }, plan)).toEqual([]);
    expect(costCritic.review(constraints, plan)).toEqual([]);
  });

  it('suggests scaling to zero when an always-on cluster serves a trickle', () => {
    const constraints = buildConstraints({ workloads: ['online_inference'], throughputRps: 5 });
    const plan = planArchitectureWithPattern(constraints, 'realtime_containers');
    const finding = costCritic.review(constraints, plan).find((candidate) => candidate.code === 'savings_scale_to_zero');
    expect(finding).toMatchObject({ severity: 'info', componentIds: ['eks'] });
  });

  it('suggests spot training for training on on-demand instances', () => {
    const constraints = buildConstraints({ workloads: ['training', 'online_inference'], gpu: 'required' });
    const finding = costCritic.review(constraints, planArchitecture(constraints)).find((candidate) => candidate.code === 'savings_spot_training');
    expect(finding?.fix).toMatch(/≈ 70% cheaper/);
  });

  it('suggests reserved capacity for a large always-on baseline, with the saving', () => {
    const constraints = buildConstraints({ workloads: ['online_inference'], throughputRps: 10_000, latencyMs: 100 });
    const finding = costCritic.review(constraints, planArchitecture(constraints)).find((candidate) => candidate.code === 'savings_reserved_capacity');
    expect(finding?.message).toMatch(/≈ \$2,876 a month of always-on capacity \(eks\)/);
    expect(finding?.fix).toMatch(/≈ \$1,007 saved a month/);
  });
});
