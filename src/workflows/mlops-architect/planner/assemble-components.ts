import type { Constraints, WorkloadKind } from '../../../contracts/mlops-architect.js';
import type { ArchitecturePattern } from '../knowledge-base/architecture-patterns.js';
import { findArchitecturePattern } from '../knowledge-base/find-architecture-pattern.js';
import { getCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { addComplianceComponents } from './add-compliance-components.js';
import { ComponentSet } from './component-set.js';
import { findHardShortfalls } from './find-hard-shortfalls.js';
import { formatCount } from './format-count.js';
import type { PlanningDirectives } from './planning-directives.js';
import { isRequestPathWorkload } from './requested-workloads.js';

// Workloads whose predictions can drift away from what the model learned.
const predictiveWorkloads: readonly WorkloadKind[] = ['online_inference', 'batch_inference', 'streaming'];
// A cache pays for itself when the target leaves no room for a database read per request.
const cacheLatencyMs = 50;

/** Adds a pattern's components: its base, plus its GPU components (minus what they replace) when a GPU is required. */
function addPattern(components: ComponentSet, pattern: ArchitecturePattern, constraints: Constraints, reason: string): void {
  const withGpu = constraints.gpu === 'required' && pattern.gpu !== 'unsupported';
  for (const id of pattern.baseComponents) {
    if (!(withGpu && pattern.gpuReplaces.includes(id))) components.add(id, reason);
  }
  if (withGpu) {
    const gpuReason = `GPU required${constraints.gpuEstimate === null ? '' : `: ${constraints.gpuEstimate.reason}`}`;
    for (const id of pattern.gpuComponents) components.add(id, gpuReason);
  }
}

/** The preferred pattern that can serve a workload the chosen pattern leaves uncovered. */
function chooseAddOnPattern(workload: WorkloadKind, constraints: Constraints, directives: PlanningDirectives): ArchitecturePattern | undefined {
  const preferred = knowledgeBase.addOnPreference[workload].flatMap((id) => findArchitecturePattern(id) ?? []);
  return preferred.find((pattern) => findHardShortfalls(pattern, constraints, [workload], directives).length === 0) ?? preferred[0];
}

/**
 * The components of a candidate plan: the pattern's, add-on patterns' for workloads it does not
 * serve, then what the constraints require (training → training_pipeline and model_registry, rag →
 * vector_store and embedding_service, feature_pipeline → feature_store, predictions →
 * drift_monitoring, autoscaling or high throughput → autoscaling, frameworks → their controls) and
 * what findings asked for. Each component keeps the reasons it is there.
 */
export function assembleComponents(constraints: Constraints, pattern: ArchitecturePattern, requested: readonly WorkloadKind[], directives: PlanningDirectives): ComponentSet {
  const components = new ComponentSet(new Set(directives.excludedComponents.keys()));
  addPattern(components, pattern, constraints, `part of the ${pattern.name} pattern`);

  const byWeight = [...requested].sort((left, right) => knowledgeBase.workloadWeights[right] - knowledgeBase.workloadWeights[left] || (left < right ? -1 : 1));
  const covered = new Set<WorkloadKind>(pattern.workloads);
  for (const workload of byWeight) {
    if (covered.has(workload)) continue;
    const addOn = chooseAddOnPattern(workload, constraints, directives);
    if (addOn === undefined) continue;
    addPattern(components, addOn, constraints, `${workload} workload: from the ${addOn.name} pattern`);
    for (const served of addOn.workloads) covered.add(served);
  }

  if (requested.includes('training')) {
    components.add('training_pipeline', 'training workload: retrains on a schedule as a reproducible pipeline');
    components.add('model_registry', 'training workload: versions each trained model and its approval');
  }
  if (requested.includes('rag')) {
    components.add('vector_store', 'rag workload: finds the passages nearest to a question');
    components.add('embedding_service', 'rag workload: embeds documents and questions');
  }
  if (requested.includes('feature_pipeline')) components.add('feature_store', 'feature_pipeline workload: one set of features for training and serving');
  const drifting = requested.filter((workload) => predictiveWorkloads.includes(workload));
  if (drifting.length > 0) components.add('drift_monitoring', `${drifting.join(', ')}: predictions degrade silently as data drifts`);

  const peak = constraints.throughputRps;
  if (constraints.autoscaling === true) components.add('autoscaling', 'autoscaling requested');
  else if (peak !== null && peak >= knowledgeBase.sizing.highThroughputRps) components.add('autoscaling', `a ${formatCount(peak)} rps peak needs capacity that follows the load`);
  if (constraints.latencyMs !== null && constraints.latencyMs <= cacheLatencyMs && requested.some(isRequestPathWorkload)) {
    components.add('cache', `the ${formatCount(constraints.latencyMs)} ms target leaves no room for a database read per request`);
  }
  components.add('secrets_manager', 'credentials for data stores and model endpoints stay out of code and images');

  addComplianceComponents(components, constraints, directives);

  // Say on the replacements why a component a finding removed is gone.
  for (const [excludedId, reason] of directives.excludedComponents) {
    const category = getCatalogueComponent(excludedId).category;
    for (const id of pattern.baseComponents) {
      if (components.has(id) && getCatalogueComponent(id).category === category) components.explain(id, `replaces ${excludedId}: ${reason}`);
    }
  }
  return components;
}
