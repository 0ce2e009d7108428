import type { ArchitecturePlan, Constraints, CriticFinding, PlannedComponent } from '../../../contracts/mlops-architect.js';
import { findCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import type { CostFindingCode } from '../knowledge-base/finding-codes.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { compareFindings } from '../planner/compare-findings.js';
import { estimateCheapestMonthlyCost } from '../planner/estimate-cheapest-monthly-cost.js';
import { formatCount, formatUsd } from '../planner/format-count.js';
import type { Critic } from './critic.js';

// Below this peak an always-on cluster idles most of the month.
const scaleToZeroMaxRps = 50;
// Cold starts reach ≈ 1 s at p99; a target at least this loose absorbs them.
const scaleToZeroMinLatencyMs = 1000;
// Commitments are worth proposing once the steady baseline is this large.
const reservedCapacityMinMonthlyUsd = 500;
// Always-on capacity that a 1-year commitment discounts.
const steadyComponentIds = new Set(['eks', 'gpu_node_pool', 'vector_store', 'stream_broker']);

/** A cost finding; the code type keeps every code in the stable list the planner revises by. */
function finding(fields: Omit<CriticFinding, 'critic' | 'code'> & { code: CostFindingCode }): CriticFinding {
  return { critic: 'cost', ...fields };
}

function isOnSpot(planned: PlannedComponent): boolean {
  return /\bspot\b/i.test(planned.service);
}

/** The three components that cost the most, most expensive first. */
function costDrivers(plan: ArchitecturePlan): PlannedComponent[] {
  return plan.components
    .filter((planned) => planned.monthlyCostUsd > 0)
    .sort((left, right) => right.monthlyCostUsd - left.monthlyCostUsd || (left.id < right.id ? -1 : 1))
    .slice(0, 3);
}

function describeDrivers(drivers: readonly PlannedComponent[]): string {
  return drivers.map((planned) => `${planned.id} ≈ ${formatUsd(planned.monthlyCostUsd)}`).join(', ');
}

/** The estimate against the budget: infeasible, over, at risk, or fine. */
function reviewBudget(constraints: Constraints, plan: ArchitecturePlan): CriticFinding[] {
  const budget = constraints.budgetMonthlyUsd;
  const cost = plan.estimatedMonthlyCostUsd;
  if (budget === null) return [];
  const drivers = costDrivers(plan);
  const componentIds = drivers.map((planned) => planned.id);
  if (cost > budget) {
    const cheapest = estimateCheapestMonthlyCost(constraints);
    if (cheapest.monthlyCostUsd > budget) {
      return [
        finding({
          code: 'budget_infeasible',
          severity: 'blocking',
          message: `The plan costs ≈ ${formatUsd(cost)} a month against a ${formatUsd(budget)} budget, and even the cheapest plan that meets the constraints (${cheapest.pattern} on spot capacity with minimum nodes) costs ≈ ${formatUsd(cheapest.monthlyCostUsd)}.`,
          fix: `Raise the budget to at least ${formatUsd(cheapest.monthlyCostUsd)} a month, or relax what drives the cost (${describeDrivers(drivers)}).`,
          componentIds,
        }),
      ];
    }
    return [
      finding({
        code: 'budget_exceeded',
        severity: 'blocking',
        message: `The plan costs ≈ ${formatUsd(cost)} a month, over the ${formatUsd(budget)} budget; a cheaper sizing (${cheapest.pattern}, spot capacity, minimum nodes) costs ≈ ${formatUsd(cheapest.monthlyCostUsd)}.`,
        fix: 'Revise with cheaper sizing: spot capacity for interruptible work, minimum node counts, and scale to zero where the latency target allows.',
        componentIds,
      }),
    ];
  }
  const atRiskPercent = knowledgeBase.sizing.budgetAtRiskPercent;
  if (cost * 100 <= budget * atRiskPercent) return [];
  return [
    finding({
      code: 'budget_at_risk',
      severity: 'warning',
      message: `The plan costs ≈ ${formatUsd(cost)} a month, ${formatCount((cost / budget) * 100)}% of the ${formatUsd(budget)} budget; list-price estimates can be off by 20% either way.`,
      fix: `Set a budget alert at ${atRiskPercent}% and watch the biggest items (${describeDrivers(drivers)}), or apply the savings findings.`,
      componentIds,
    }),
  ];
}

/** Savings the plan leaves on the table: always-on nodes for little traffic, on-demand training, uncommitted baseline. */
function reviewSavings(constraints: Constraints, plan: ArchitecturePlan): CriticFinding[] {
  const findings: CriticFinding[] = [];
  const byId = new Map(plan.components.map((planned) => [planned.id, planned]));

  const cluster = byId.get('eks');
  const lowTraffic = constraints.throughputRps === null || constraints.throughputRps <= scaleToZeroMaxRps;
  const looseLatency = constraints.latencyMs === null || constraints.latencyMs >= scaleToZeroMinLatencyMs;
  if (cluster !== undefined && !byId.has('gpu_node_pool') && lowTraffic && looseLatency) {
    const traffic = constraints.throughputRps === null ? 'No stated throughput' : `A ${formatCount(constraints.throughputRps)} rps peak`;
    findings.push(
      finding({
        code: 'savings_scale_to_zero',
        severity: 'info',
        message: `${traffic} leaves the always-on cluster (≈ ${formatUsd(cluster.monthlyCostUsd)} a month) idle most of the time, and the latency target allows cold starts.`,
        fix: 'Serve from serverless functions or serverless containers that scale to zero (Lambda, Cloud Run, Container Apps); the first request after an idle spell pays a cold start.',
        componentIds: ['eks'],
      }),
    );
  }

  const training = byId.get('training_pipeline');
  const spotDiscount = findCatalogueComponent('training_pipeline')?.spotDiscountPercent ?? 0;
  if (training !== undefined && !isOnSpot(training) && training.monthlyCostUsd > 0 && spotDiscount > 0) {
    findings.push(
      finding({
        code: 'savings_spot_training',
        severity: 'info',
        message: `Training runs on on-demand instances (≈ ${formatUsd(training.monthlyCostUsd)} a month).`,
        fix: `Use managed spot training with checkpoints: ≈ ${spotDiscount}% cheaper, ≈ ${formatUsd((training.monthlyCostUsd * spotDiscount) / 100)} saved a month.`,
        componentIds: ['training_pipeline'],
      }),
    );
  }

  const steady = plan.components.filter((planned) => steadyComponentIds.has(planned.id) && !isOnSpot(planned));
  const steadyCost = steady.reduce((total, planned) => total + planned.monthlyCostUsd, 0);
  if (steadyCost >= reservedCapacityMinMonthlyUsd) {
    const saving = steady.reduce((total, planned) => total + (planned.monthlyCostUsd * (findCatalogueComponent(planned.id)?.reservedDiscountPercent ?? 0)) / 100, 0);
    findings.push(
      finding({
        code: 'savings_reserved_capacity',
        severity: 'info',
        message: `≈ ${formatUsd(steadyCost)} a month of always-on capacity (${steady.map((planned) => planned.id).join(', ')}) runs at on-demand prices.`,
        fix: `Commit the steady baseline for a year (Savings Plans, committed use discounts or reservations): ≈ ${formatUsd(saving)} saved a month.`,
        componentIds: steady.map((planned) => planned.id),
      }),
    );
  }
  return findings;
}

/**
 * The cost critic: the plan's estimate against the budget (infeasible when even the cheapest plan
 * that meets the constraints is over it, exceeded when a cheaper sizing would fit, at risk within
 * 20 %), and savings worth considering as info findings.
 */
export const costCritic: Critic = {
  name: 'cost',
  review(constraints, plan) {
    return [...reviewBudget(constraints, plan), ...reviewSavings(constraints, plan)].sort(compareFindings);
  },
};
