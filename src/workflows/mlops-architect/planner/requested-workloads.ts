import type { Constraints, WorkloadKind } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';

/** The workloads a plan is built for, and whether the planner had to assume them. */
export interface RequestedWorkloads {
  workloads: readonly WorkloadKind[];
  /** True when the request named no workload and the planner assumed online inference. */
  assumed: boolean;
}

// The most common production ML shape; a guess the feasibility critic reports as requirements_incomplete.
const assumedWorkload: WorkloadKind = 'online_inference';

/** The stated workloads, sorted, or online inference (marked as assumed) when none was stated. */
export function findRequestedWorkloads(constraints: Constraints): RequestedWorkloads {
  if (constraints.workloads.length === 0) return { workloads: [assumedWorkload], assumed: true };
  return { workloads: [...new Set(constraints.workloads)].sort(), assumed: false };
}

/** Whether a workload answers requests one at a time, so a latency or throughput target applies to it. */
export function isRequestPathWorkload(workload: WorkloadKind): boolean {
  return knowledgeBase.requestPathWorkloads.includes(workload);
}
