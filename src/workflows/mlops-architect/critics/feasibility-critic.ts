import type { ArchitecturePlan, Constraints, CriticFinding, WorkloadKind } from '../../../contracts/mlops-architect.js';
import { findArchitecturePattern } from '../knowledge-base/find-architecture-pattern.js';
import { findCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import type { FeasibilityFindingCode } from '../knowledge-base/finding-codes.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { compareFindings } from '../planner/compare-findings.js';
import { formatCount } from '../planner/format-count.js';
import { hasRequiredGpu } from '../planner/has-required-gpu.js';
import { findRequestedWorkloads, isRequestPathWorkload } from '../planner/requested-workloads.js';
import type { Critic } from './critic.js';

/** A feasibility finding; the code type keeps every code in the stable list the planner revises by. */
function finding(fields: Omit<CriticFinding, 'critic' | 'code'> & { code: FeasibilityFindingCode }): CriticFinding {
  return { critic: 'feasibility', ...fields };
}

/** Components whose cold starts put the latency target out of reach. */
function reviewColdStarts(constraints: Constraints, plan: ArchitecturePlan): CriticFinding[] {
  const target = constraints.latencyMs;
  if (target === null) return [];
  return plan.components.flatMap((planned) => {
    const latency = findCatalogueComponent(planned.id)?.latency;
    if (latency?.coldStartP99Ms === undefined || target >= latency.p99FloorMs) return [];
    const [fastest, slowest] = latency.coldStartP99Ms;
    return finding({
      code: 'cold_start_latency',
      severity: 'blocking',
      message: `${planned.service} cold starts reach ≈ ${fastest}–${slowest} ms at p99, above the ${formatCount(target)} ms target; provisioned concurrency hides most of them but is billed around the clock.`,
      fix: `Replace ${planned.id} with always-on containers (eks behind a load_balancer: no cold starts, p99 ≈ 10 ms plus model time).`,
      componentIds: [planned.id],
    });
  });
}

/** The pattern or components that cannot reach the latency target, or the fact that nothing known can. */
function reviewLatency(constraints: Constraints, plan: ArchitecturePlan, requestPath: readonly WorkloadKind[], coldStartFlagged: boolean): CriticFinding[] {
  const target = constraints.latencyMs;
  if (target === null || requestPath.length === 0) return [];
  const able = knowledgeBase.patterns.filter((pattern) => pattern.latencyFloorMs !== null && requestPath.some((workload) => pattern.workloads.includes(workload)));
  const fastest = [...able].sort((left, right) => (left.latencyFloorMs ?? 0) - (right.latencyFloorMs ?? 0))[0];
  if (fastest !== undefined && (fastest.latencyFloorMs ?? 0) > target) {
    return [
      finding({
        code: 'latency_unachievable',
        severity: 'blocking',
        message: `No known architecture answers ${requestPath.join(', ')} within ${formatCount(target)} ms: the fastest, ${fastest.name}, has ${fastest.latencyNote}.`,
        fix: `Relax the target to at least ${formatCount(fastest.latencyFloorMs ?? 0)} ms at p99, or run the model inside the calling service to remove the network hops.`,
        componentIds: [],
      }),
    ];
  }

  const slow: string[] = [];
  const pattern = findArchitecturePattern(plan.pattern);
  // A serverless pattern's floor is its cold start, already reported more precisely.
  if (!coldStartFlagged && pattern !== undefined && pattern.latencyFloorMs !== null && pattern.latencyFloorMs > target && requestPath.some((workload) => pattern.workloads.includes(workload))) {
    slow.push(`${pattern.name} has ${pattern.latencyNote}`);
  }
  const slowComponents = plan.components.filter((planned) => {
    const latency = findCatalogueComponent(planned.id)?.latency;
    // Cold starts have their own, more specific finding.
    return latency !== undefined && latency.coldStartP99Ms === undefined && latency.p99FloorMs > target;
  });
  for (const planned of slowComponents) slow.push(`${planned.service} alone takes ≈ ${formatCount(findCatalogueComponent(planned.id)?.latency?.p99FloorMs ?? 0)} ms at p99`);
  if (slow.length === 0) return [];
  return [
    finding({
      code: 'latency_unachievable',
      severity: 'blocking',
      message: `The plan cannot answer within ${formatCount(target)} ms: ${slow.join('; ')}.`,
      fix: fastest === undefined ? 'Relax the latency target.' : `Use ${fastest.name} (p99 ≈ ${formatCount(fastest.latencyFloorMs ?? 0)} ms) and keep slower services off the request path.`,
      componentIds: slowComponents.map((planned) => planned.id),
    }),
  ];
}

/** Components whose service limits are below the peak throughput. */
function reviewThroughput(constraints: Constraints, plan: ArchitecturePlan): CriticFinding[] {
  const peak = constraints.throughputRps;
  if (peak === null) return [];
  return plan.components.flatMap((planned) => {
    const throughput = findCatalogueComponent(planned.id)?.throughput;
    if (throughput?.maxRps === undefined || peak <= throughput.maxRps) return [];
    return finding({
      code: 'throughput_exceeds_limits',
      severity: 'blocking',
      message: `${planned.service} tops out at ≈ ${formatCount(throughput.maxRps)} rps (${throughput.note}); the request peaks at ${formatCount(peak)} rps.`,
      fix: `Raise the ${planned.service} quota before launch, or move this path to a component that scales by adding nodes (eks behind a load_balancer).`,
      componentIds: [planned.id],
    });
  });
}

/** A required GPU the plan does not provide. */
function reviewGpu(constraints: Constraints, plan: ArchitecturePlan): CriticFinding[] {
  if (hasRequiredGpu(constraints, plan.components.map((planned) => planned.id))) return [];
  const pattern = findArchitecturePattern(plan.pattern);
  const estimate = constraints.gpuEstimate === null ? '' : ` (${constraints.gpuEstimate.count}× ${constraints.gpuEstimate.accelerator}: ${constraints.gpuEstimate.reason})`;
  const cause = pattern?.gpu === 'unsupported' ? `${pattern.name} cannot run models on GPUs` : 'The plan has no GPU capacity';
  return [
    finding({
      code: 'gpu_unavailable_on_pattern',
      severity: 'blocking',
      message: `${cause}, and the workload requires a GPU${estimate}.`,
      fix: 'Add gpu_node_pool with a GPU model server (triton_inference_server, or llm_inference_server for LLMs), or switch to the gpu_inference pattern.',
      componentIds: ['gpu_node_pool'],
    }),
  ];
}

/**
 * A request too vague to plan from: no workload stated or answered (the planner assumed one, or a
 * default nobody confirmed was applied), and which numbers are missing or only defaults.
 */
function reviewCompleteness(constraints: Constraints): CriticFinding[] {
  const unsettled = (field: 'workloads' | 'latencyMs' | 'throughputRps' | 'budgetMonthlyUsd', value: unknown) => value === null || constraints.evidence[field]?.source === 'default';
  if (constraints.workloads.length > 0 && !unsettled('workloads', constraints.workloads)) return [];
  const missing = ['what the model does (online API, batch, streaming, LLM, RAG or training)'];
  if (unsettled('latencyMs', constraints.latencyMs)) missing.push('a latency target');
  if (unsettled('throughputRps', constraints.throughputRps)) missing.push('the peak requests per second');
  if (unsettled('budgetMonthlyUsd', constraints.budgetMonthlyUsd)) missing.push('a monthly budget');
  const assumption = constraints.workloads.length === 0 ? 'the plan assumes online inference' : `the plan rests on defaults nobody confirmed (${constraints.workloads.join(', ')})`;
  return [
    finding({
      code: 'requirements_incomplete',
      // A warning, not blocking: a planner revision cannot invent requirements, only clarifying questions can.
      severity: 'warning',
      message: `The request does not say ${[missing.slice(0, -1).join(', '), missing.at(-1)].filter(Boolean).join(' or ')}; ${assumption} and may not fit.`,
      fix: 'Ask: what does the model predict and how is it used? How fast must it answer, at what peak load, within what monthly budget, and under which compliance frameworks?',
      componentIds: [],
    }),
  ];
}

/**
 * The feasibility critic: can the plan physically meet the constraints? Cold starts against the
 * latency target, latency floors, service throughput limits, GPU availability, and whether the
 * request says enough to plan from.
 */
export const feasibilityCritic: Critic = {
  name: 'feasibility',
  review(constraints, plan) {
    const requestPath = findRequestedWorkloads(constraints).workloads.filter(isRequestPathWorkload);
    const coldStarts = reviewColdStarts(constraints, plan);
    return [
      ...coldStarts,
      ...reviewLatency(constraints, plan, requestPath, coldStarts.length > 0),
      ...reviewThroughput(constraints, plan),
      ...reviewGpu(constraints, plan),
      ...reviewCompleteness(constraints),
    ].sort(compareFindings);
  },
};
