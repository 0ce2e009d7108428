import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { buildComplianceView } from './build-compliance-view.js';
import type { ComponentModuleInput } from './load-component-module-inputs.js';
import type { RepositoryInput } from './repository-input.js';
import { toPathSegment } from './to-path-segment.js';
import { wireComponentModules } from './wire-component-modules.js';

const moneyFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Categories whose components sit on the request path behind the public entry points. */
const computeCategories = new Set(['compute', 'machine_learning']);

/**
 * Builds the values every template reads, with component ids already turned into safe path segments;
 * `moduleInputs` holds each planned component's module inputs (its `inputs.json`), in plan order.
 */
export function buildRepositoryView(input: RepositoryInput, moduleInputs: readonly (readonly ComponentModuleInput[])[] = []) {
  const { constraints, plan, findings } = input;
  const slugs = assignUniqueSlugs(plan.components.map((component) => component.id));
  const wiring = wireComponentModules(
    plan.cloud,
    plan.components.map((component, index) => ({ id: component.id, slug: slugs[index] ?? 'component' })),
    moduleInputs,
  );
  const slugWidth = Math.max(0, ...slugs.map((slug) => slug.length));
  const modulePaths = new Map(plan.components.map((component, index) => [component.id, `infra/terraform/modules/${slugs[index]}`]));
  const components = plan.components.map((component, index) => {
    const slug = slugs[index] ?? 'component';
    const category = knowledgeBase.components.find((entry) => entry.id === component.id)?.category ?? 'other';
    const isPublic = knowledgeBase.components.find((entry) => entry.id === component.id)?.publicEndpoint ?? false;
    return {
      id: component.id,
      slug,
      // Padded so the `=` of a map of modules line up as `terraform fmt` writes them.
      paddedSlug: slug.padEnd(slugWidth),
      // Resource names allow hyphens on every cloud, underscores on few.
      resourceName: slug.replace(/_/g, '-'),
      module: wiring.modules[index] ?? { inputs: [], has: {}, arguments: [] },
      // Mermaid node ids allow no hyphens; labels allow no double quotes.
      nodeId: slug.replace(/-/g, '_'),
      label: `${component.name}<br/>${component.service}`.replace(/"/g, '#quot;'),
      name: component.name,
      service: component.service,
      purpose: component.purpose,
      category,
      isPublic,
      isCompute: computeCategories.has(category),
      monthlyCost: moneyFormat.format(component.monthlyCostUsd),
      reasons: component.reasons.length > 0 ? component.reasons.join('; ') : 'pattern baseline',
    };
  });
  const entryPoints = components.filter((component) => component.isPublic);
  const computeNodes = components.filter((component) => component.isCompute);
  const backingNodes = components.filter((component) => !component.isPublic && !component.isCompute);
  const frameworks = buildComplianceView(constraints, plan, findings, modulePaths);
  const latencyMs = constraints.latencyMs ?? 500;
  const projectSlug = toPathSegment(`mlops-${plan.pattern}`).replace(/_/g, '-');
  const workloads = new Set(constraints.workloads);
  return {
    projectName: projectSlug,
    requestText: input.requestText.trim(),
    generatedAt: input.generatedAt,
    cloud: plan.cloud,
    isAws: plan.cloud === 'aws',
    isGcp: plan.cloud === 'gcp',
    isAzure: plan.cloud === 'azure',
    region: plan.region,
    pattern: plan.pattern,
    patternName: plan.patternName,
    revision: plan.revision,
    score: plan.score.toFixed(2),
    workloads: constraints.workloads.length > 0 ? constraints.workloads.join(', ') : 'not stated',
    latencyMs,
    latencyStated: constraints.latencyMs !== null,
    latencySeconds: latencyMs / 1000,
    throughputRps: constraints.throughputRps ?? 'not stated',
    components,
    rootVariables: wiring.rootVariables,
    edges: [
      ...entryPoints.map((component) => ({ from: 'client', to: component.nodeId, style: '-->' })),
      ...computeNodes.flatMap((compute) => (entryPoints.length > 0 ? entryPoints : [{ nodeId: 'client' }]).map((entry) => ({ from: entry.nodeId, to: compute.nodeId, style: '-->' }))),
      ...computeNodes.flatMap((compute) => backingNodes.map((backing) => ({ from: compute.nodeId, to: backing.nodeId, style: '-.->' }))),
    ],
    totalMonthlyCost: moneyFormat.format(plan.estimatedMonthlyCostUsd),
    budget: constraints.budgetMonthlyUsd === null ? 'not stated' : `$${moneyFormat.format(constraints.budgetMonthlyUsd)}`,
    pricesAsOf: knowledgeBase.pricesAsOf,
    estimateNote: knowledgeBase.note,
    knowledgeBaseVersion: knowledgeBase.version,
    frameworks,
    hasCompliance: frameworks.length > 0,
    complianceTag: constraints.compliance.join('-').toLowerCase() || 'none',
    findings: findings.map((finding) => ({ ...finding, componentList: finding.componentIds.join(', ') || '—' })),
    hasFindings: findings.length > 0,
    reasonCards: (input.reasonCards ?? []).map((card) => ({ ...card, confidence: card.confidence.toFixed(2) })),
    hasReasonCards: (input.reasonCards ?? []).length > 0,
    alternatives: plan.alternatives.map((alternative) => ({ ...alternative, score: alternative.score.toFixed(2) })),
    hasAlternatives: plan.alternatives.length > 0,
    addressedFindings: plan.addressedFindings.join(', ') || 'none',
    hasTraining: workloads.has('training'),
    hasBatch: workloads.has('batch_inference'),
    hasFeatures: workloads.has('feature_pipeline'),
    hasPipelines: workloads.has('training') || workloads.has('batch_inference') || workloads.has('feature_pipeline'),
  };
}

export type RepositoryView = ReturnType<typeof buildRepositoryView>;

// Two ids that clean up to the same segment (e.g. `a.b` and `a-b`) must not share a module folder.
function assignUniqueSlugs(ids: readonly string[]): string[] {
  const taken = new Set<string>();
  return ids.map((id) => {
    const base = toPathSegment(id);
    let slug = base;
    for (let suffix = 2; taken.has(slug); suffix += 1) slug = `${base}-${suffix}`;
    taken.add(slug);
    return slug;
  });
}
