import type { RunRow } from '../store/runs/map-run-row.js';
import type { ExecutionControl } from './execution-control.js';

/**
 * The port the worker drives: run one claimed run until it ends, parks, is requeued, or the
 * control stops it. The executor owns every state change of the run after the claim. The workflow
 * runtime is the real one; benchmarks plug in a no-op executor to measure the queue alone.
 */
export interface RunExecutor {
  execute(run: RunRow, leaseOwnerKey: number, control: ExecutionControl): Promise<void>;
}
