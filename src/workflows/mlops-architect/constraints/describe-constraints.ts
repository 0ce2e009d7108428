import type { Constraints } from '../../../contracts/mlops-architect.js';

const count = new Intl.NumberFormat('en-US');

/** A one-line summary of the constraints for reason cards and gate payloads. */
export function describeConstraints(constraints: Constraints): string {
  const parts = [
    constraints.workloads.length > 0 ? constraints.workloads.join(' + ') : 'workload not stated',
    constraints.latencyMs !== null ? `${constraints.latencyPercentile ?? 'p99'} ≤ ${count.format(constraints.latencyMs)} ms` : 'latency not stated',
    constraints.throughputRps !== null ? `${count.format(constraints.throughputRps)} rps` : 'throughput not stated',
    constraints.compliance.length > 0 ? constraints.compliance.join(', ') : 'no compliance framework',
    constraints.budgetMonthlyUsd !== null ? `$${count.format(constraints.budgetMonthlyUsd)}/month` : 'no budget',
    `${constraints.cloud}${constraints.regions.length > 0 ? ` (${constraints.regions.join(', ')})` : ''}`,
    constraints.gpu !== 'none' ? `GPU ${constraints.gpu}` : null,
  ];
  return parts.filter((part) => part !== null).join('; ');
}
