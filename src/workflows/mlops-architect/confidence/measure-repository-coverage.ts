import type { Constraints, WorkloadKind } from '../../../contracts/mlops-architect.js';
import type { ComplianceFrameworkView } from '../codegen/build-compliance-view.js';

/** The file that shows a workload was generated for, not just planned. */
const fileByWorkload: Record<WorkloadKind, string> = {
  online_inference: 'src/service/app.py',
  llm_serving: 'src/service/app.py',
  rag: 'src/service/app.py',
  streaming: 'src/service/app.py',
  batch_inference: 'pipelines/batch/score.py',
  training: 'pipelines/training/train.py',
  feature_pipeline: 'pipelines/features/build_features.py',
};

/** What the generated repository covers of what the design asked for. */
export interface RepositoryCoverage {
  covered: string[];
  missing: string[];
  ratio: number;
}

/**
 * Code generation's evidence: each compliance control the repository implements (a module or a
 * file mapped in COMPLIANCE.md) and each workload with its code present, over all of them.
 */
export function measureRepositoryCoverage(constraints: Constraints, frameworks: readonly ComplianceFrameworkView[], files: ReadonlyMap<string, string>): RepositoryCoverage {
  const covered: string[] = [];
  const missing: string[] = [];
  for (const framework of frameworks) {
    for (const control of framework.controls) (control.status === 'implemented' ? covered : missing).push(`${framework.framework}/${control.control}`);
  }
  for (const workload of constraints.workloads) (files.has(fileByWorkload[workload]) ? covered : missing).push(`workload ${workload}`);
  const total = covered.length + missing.length;
  return { covered, missing, ratio: total === 0 ? 0 : Math.round((covered.length / total) * 100) / 100 };
}
