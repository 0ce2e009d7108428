import type { Constraints, WorkloadKind } from '../../../contracts/mlops-architect.js';
import type { ArchitecturePattern } from '../knowledge-base/architecture-patterns.js';
import { formatCount } from './format-count.js';
import type { PlanningDirectives } from './planning-directives.js';
import { isRequestPathWorkload } from './requested-workloads.js';

/**
 * Why a pattern cannot serve the requested workloads under the constraints, one concrete sentence
 * each (e.g. "p99 cold starts ≈ 250–1000 ms exceed the 50 ms target"); empty when it can.
 * Latency and throughput only count when the pattern is the one answering requests.
 */
export function findHardShortfalls(pattern: ArchitecturePattern, constraints: Constraints, requested: readonly WorkloadKind[], directives: PlanningDirectives): string[] {
  const shortfalls: string[] = [];
  const excludedPattern = directives.excludedPatterns.get(pattern.id);
  if (excludedPattern !== undefined) shortfalls.push(`ruled out: ${excludedPattern}`);
  for (const id of pattern.baseComponents) {
    const excludedComponent = directives.excludedComponents.get(id);
    if (excludedComponent !== undefined) shortfalls.push(`built on ${id}, ruled out: ${excludedComponent}`);
  }

  const served = requested.filter((workload) => pattern.workloads.includes(workload));
  if (served.length === 0) shortfalls.push(`serves none of the requested workloads (${requested.join(', ')})`);
  const answersRequests = served.some(isRequestPathWorkload);

  const latencyMs = constraints.latencyMs;
  if (latencyMs !== null && answersRequests && pattern.latencyFloorMs !== null && pattern.latencyFloorMs > latencyMs) {
    shortfalls.push(`${pattern.latencyNote} exceed the ${formatCount(latencyMs)} ms target`);
  }
  const peakRps = constraints.throughputRps;
  if (peakRps !== null && answersRequests && pattern.throughputRps !== null && peakRps > pattern.throughputRps.max) {
    shortfalls.push(`peak ${formatCount(peakRps)} rps exceeds its ≈ ${formatCount(pattern.throughputRps.max)} rps ceiling (${pattern.throughputRps.note})`);
  }
  if (constraints.gpu === 'required' && pattern.gpu === 'unsupported') {
    shortfalls.push('cannot run models on GPUs, which the workload requires');
  }
  return shortfalls;
}
