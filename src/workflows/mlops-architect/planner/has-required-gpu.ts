import type { Constraints } from '../../../contracts/mlops-architect.js';
import { findCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import { findRequestedWorkloads } from './requested-workloads.js';

/**
 * Whether the components give the workload the GPU it needs: a serving GPU when predictions need
 * one, a training GPU when only training does. True when no GPU is required.
 */
export function hasRequiredGpu(constraints: Constraints, componentIds: Iterable<string>): boolean {
  if (constraints.gpu !== 'required') return true;
  const kinds = new Set([...componentIds].map((id) => findCatalogueComponent(id)?.gpu ?? null));
  const onlyTraining = findRequestedWorkloads(constraints).workloads.every((workload) => workload === 'training');
  return kinds.has('serving') || (onlyTraining && kinds.has('training'));
}
