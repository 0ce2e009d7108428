import type { Constraints } from '../../../contracts/mlops-architect.js';
import type { ArchitecturePattern } from '../knowledge-base/architecture-patterns.js';
import type { ComplianceControl } from '../knowledge-base/compliance-controls.js';
import { findProvidedControls } from '../knowledge-base/find-provided-controls.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { formatCount, formatUsd } from './format-count.js';
import { isRequestPathWorkload, type RequestedWorkloads } from './requested-workloads.js';

export const scoreDimensionNames = ['coverage', 'focus', 'latency', 'throughput', 'gpu', 'budget', 'compliance'] as const;
export type ScoreDimensionName = (typeof scoreDimensionNames)[number];

/**
 * How much each piece of evidence counts (they sum to 1). Covering the workloads matters most: a
 * pattern that serves half the request needs add-ons for the rest. Latency and budget come next
 * because they are the constraints people state as hard numbers; compliance weighs least because
 * every pattern can take the missing controls as add-on components.
 */
export const scoreWeights: Readonly<Record<ScoreDimensionName, number>> = {
  coverage: 0.35,
  focus: 0.1,
  latency: 0.15,
  throughput: 0.1,
  gpu: 0.1,
  budget: 0.15,
  compliance: 0.05,
};

/** One dimension's fit in [0, 1], and the sentence that says why it is below 1. */
export interface ScoreDimension {
  value: number;
  note: string | null;
}

export type ScoreDimensions = Record<ScoreDimensionName, ScoreDimension>;

export interface ScoreInput {
  pattern: ArchitecturePattern;
  constraints: Constraints;
  requested: RequestedWorkloads;
  monthlyCostUsd: number;
}

const full: ScoreDimension = { value: 1, note: null };

// A workload the planner guessed is weak evidence that the pattern fits.
const assumedWorkloadShare = 0.25;
// Each open ambiguity makes the fit less certain, up to three of them.
const ambiguityPenalty = 0.1;

function scoreCoverage({ pattern, requested }: ScoreInput): ScoreDimension {
  const weightOf = (workload: (typeof requested.workloads)[number]): number => knowledgeBase.workloadWeights[workload];
  const total = requested.workloads.reduce((sum, workload) => sum + weightOf(workload), 0);
  const missing = requested.workloads.filter((workload) => !pattern.workloads.includes(workload));
  const covered = total - missing.reduce((sum, workload) => sum + weightOf(workload), 0);
  const share = covered / total;
  if (requested.assumed) return { value: share * assumedWorkloadShare, note: 'the request names no workload, so online inference is assumed' };
  if (missing.length === 0) return full;
  return { value: share, note: `leaves ${missing.join(', ')} to add-on components` };
}

function scoreFocus({ pattern, requested }: ScoreInput): ScoreDimension {
  const extra = pattern.workloads.filter((workload) => !requested.workloads.includes(workload));
  if (extra.length === 0) return full;
  return { value: (pattern.workloads.length - extra.length) / pattern.workloads.length, note: `is also built for ${extra.join(', ')}, which the request does not ask for` };
}

function scoreLatency({ pattern, constraints, requested }: ScoreInput): ScoreDimension {
  const target = constraints.latencyMs;
  if (target === null) return full;
  const requestPath = requested.workloads.filter(isRequestPathWorkload);
  if (requestPath.length === 0) return full;
  if (!requestPath.some((workload) => pattern.workloads.includes(workload)) || pattern.latencyFloorMs === null) {
    return { value: 0.5, note: `leaves the ${formatCount(target)} ms request path to an add-on` };
  }
  if (pattern.latencyFloorMs <= target) return full;
  return { value: 0, note: `${pattern.latencyNote} exceed the ${formatCount(target)} ms target` };
}

function scoreThroughput({ pattern, constraints }: ScoreInput): ScoreDimension {
  const peak = constraints.throughputRps;
  if (peak === null || pattern.throughputRps === null) return full;
  if (peak > pattern.throughputRps.max) return { value: 0, note: `tops out at ≈ ${formatCount(pattern.throughputRps.max)} rps, below the ${formatCount(peak)} rps peak` };
  if (peak < pattern.throughputRps.min) return { value: 0.8, note: `is built for at least ${formatCount(pattern.throughputRps.min)} rps; the request peaks at ${formatCount(peak)} rps` };
  return full;
}

function scoreGpu({ pattern, constraints }: ScoreInput): ScoreDimension {
  const need = constraints.gpu;
  if (need === 'required') {
    if (pattern.gpu === 'required') return full;
    if (pattern.gpu === 'supported') return { value: 0.7, note: 'can host GPUs but is not built around them' };
    return { value: 0, note: 'cannot run models on GPUs, which the workload requires' };
  }
  if (pattern.gpu !== 'required') return need === 'optional' && pattern.gpu === 'unsupported' ? { value: 0.8, note: 'cannot use the optional GPU' } : full;
  return need === 'optional' ? { value: 0.6, note: 'always pays for GPUs the workload can do without' } : { value: 0.2, note: 'runs GPU nodes the workload does not need' };
}

function scoreBudget({ constraints, monthlyCostUsd }: ScoreInput): ScoreDimension {
  const budget = constraints.budgetMonthlyUsd;
  if (budget === null || monthlyCostUsd <= budget) return full;
  // Linear from 1 at the budget to 0 at twice the budget: a little over is negotiable, double is not.
  const value = budget === 0 ? 0 : Math.max(0, 2 - monthlyCostUsd / budget);
  return { value, note: `costs ≈ ${formatUsd(monthlyCostUsd)} a month against the ${formatUsd(budget)} budget` };
}

function scoreCompliance({ pattern, constraints }: ScoreInput): ScoreDimension {
  const required = new Set<ComplianceControl>();
  for (const framework of constraints.compliance) {
    for (const { control } of knowledgeBase.checklist.frameworks[framework].controls) if (control !== 'data_residency') required.add(control);
  }
  if (required.size === 0) return full;
  const provided = findProvidedControls(pattern.baseComponents);
  const count = [...required].filter((control) => provided.has(control)).length;
  if (count === required.size) return full;
  return { value: count / required.size, note: `its own components provide ${count} of the ${required.size} required controls` };
}

/**
 * Scores how well a pattern fits the constraints from the evidence: weighted workload coverage and
 * focus, latency floor against the target, throughput range, GPU fit, the candidate's estimated cost
 * against the budget and the controls its components already provide; then discounted for open
 * ambiguities. The result is in [0, 1], rounded to three decimals.
 */
export function scoreCandidate(input: ScoreInput): { dimensions: ScoreDimensions; score: number } {
  const dimensions: ScoreDimensions = {
    coverage: scoreCoverage(input),
    focus: scoreFocus(input),
    latency: scoreLatency(input),
    throughput: scoreThroughput(input),
    gpu: scoreGpu(input),
    budget: scoreBudget(input),
    compliance: scoreCompliance(input),
  };
  const fit = scoreDimensionNames.reduce((sum, name) => sum + scoreWeights[name] * dimensions[name].value, 0);
  const certainty = 1 - ambiguityPenalty * Math.min(3, input.constraints.ambiguities.length);
  const score = Math.min(1, Math.max(0, Math.round(fit * certainty * 1000) / 1000));
  return { dimensions, score };
}
