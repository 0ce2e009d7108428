import type { Constraints, PlannedComponent } from '../../../contracts/mlops-architect.js';
import type { ArchitecturePattern } from '../knowledge-base/architecture-patterns.js';
import { getCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { assembleComponents } from './assemble-components.js';
import { chooseRegion, type RegionChoice } from './choose-region.js';
import { estimateQuantities } from './estimate-quantities.js';
import { findHardShortfalls } from './find-hard-shortfalls.js';
import type { PlanningDirectives } from './planning-directives.js';
import { priceComponent } from './price-component.js';
import { findRequestedWorkloads } from './requested-workloads.js';
import { scoreCandidate, type ScoreDimensions } from './score-candidate.js';

/** One pattern worked out into a full plan for the constraints, with its cost, score and shortfalls. */
export interface CandidatePlan {
  pattern: ArchitecturePattern;
  region: RegionChoice;
  components: PlannedComponent[];
  monthlyCostUsd: number;
  /** Why the pattern cannot meet the constraints; empty when it can. */
  hardShortfalls: string[];
  dimensions: ScoreDimensions;
  score: number;
}

// Jobs that simply retry when a spot instance is reclaimed.
const interruptibleComponents = new Set(['training_pipeline', 'batch_scheduler']);

/** Whether a component runs on spot capacity: only when saving, and serving only without an availability target to keep. */
function runsOnSpot(id: string, constraints: Constraints, directives: PlanningDirectives): boolean {
  if (directives.saving === null || getCatalogueComponent(id).spotDiscountPercent === 0) return false;
  if (interruptibleComponents.has(id)) return true;
  return (constraints.availability ?? 0) < knowledgeBase.sizing.highAvailabilityPercent;
}

/** Works a pattern out into a candidate plan: components, region, sizing, monthly cost, hard shortfalls and score. */
export function buildCandidatePlan(constraints: Constraints, pattern: ArchitecturePattern, directives: PlanningDirectives): CandidatePlan {
  const requested = findRequestedWorkloads(constraints);
  const set = assembleComponents(constraints, pattern, requested.workloads, directives);
  const region = chooseRegion(constraints, directives);
  if (region.reason !== null) {
    for (const id of set.ids()) if (getCatalogueComponent(id).provides.includes('data_residency')) set.explain(id, `data stays in ${region.reason}`);
  }

  const ids = set.ids();
  const { quantities, sizingNotes } = estimateQuantities({ constraints, componentIds: new Set(ids), servingMode: pattern.servingMode, saving: directives.saving !== null });
  const components = ids.map((id): PlannedComponent => {
    const component = getCatalogueComponent(id);
    const spot = runsOnSpot(id, constraints, directives);
    const reasons = [...set.reasonsOf(id)];
    const sizing = sizingNotes.get(id);
    if (sizing !== undefined) reasons.push(`sized: ${sizing}`);
    if (spot) reasons.push(`spot capacity ≈ ${component.spotDiscountPercent}% below on-demand ${directives.saving ?? ''}`.trim());
    return {
      id,
      name: component.name,
      service: spot ? `${component.services[constraints.cloud]} on spot capacity` : component.services[constraints.cloud],
      purpose: component.purpose,
      monthlyCostUsd: priceComponent(component, constraints.cloud, quantities, spot),
      reasons,
    };
  });
  const monthlyCostUsd = components.reduce((total, component) => total + component.monthlyCostUsd, 0);
  const hardShortfalls = findHardShortfalls(pattern, constraints, requested.workloads, directives);
  const { dimensions, score } = scoreCandidate({ pattern, constraints, requested, monthlyCostUsd });
  return { pattern, region, components, monthlyCostUsd, hardShortfalls, dimensions, score };
}
