import type { Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import { findCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import { findProvidedControls } from '../knowledge-base/find-provided-controls.js';
import { findRegionJurisdiction } from '../knowledge-base/find-region-jurisdiction.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import type { CandidatePlan } from './build-candidate-plan.js';
import { findRequiredJurisdiction } from './choose-region.js';
import { controlsForFinding } from './controls-for-finding.js';
import { hasRequiredGpu } from './has-required-gpu.js';

/**
 * Whether the revised plan no longer has the problem a finding reported, judged on the plan itself
 * rather than on what the planner meant to do: a budget finding a cheaper sizing cannot fix stays
 * unresolved and is not listed as addressed.
 */
export function isFindingResolved(finding: CriticFinding, constraints: Constraints, candidate: CandidatePlan): boolean {
  const ids = candidate.components.map((component) => component.id);
  const budget = constraints.budgetMonthlyUsd;
  switch (finding.code) {
    case 'cold_start_latency':
      return ids.every((id) => {
        const latency = findCatalogueComponent(id)?.latency;
        const slow = latency?.coldStartP99Ms !== undefined && (constraints.latencyMs === null || constraints.latencyMs < latency.p99FloorMs);
        return !slow && !finding.componentIds.includes(id);
      });
    case 'throughput_exceeds_limits':
      return ids.every((id) => {
        const maxRps = findCatalogueComponent(id)?.throughput?.maxRps;
        const overLimit = maxRps !== undefined && constraints.throughputRps !== null && constraints.throughputRps > maxRps;
        return !overLimit && !finding.componentIds.includes(id);
      });
    case 'gpu_unavailable_on_pattern':
      return hasRequiredGpu(constraints, ids);
    case 'latency_unachievable':
      return candidate.hardShortfalls.length === 0 && (constraints.latencyMs === null || (candidate.pattern.latencyFloorMs ?? 0) <= constraints.latencyMs);
    case 'data_residency_violation': {
      const residency = finding.framework === undefined ? (findRequiredJurisdiction(constraints)?.value ?? null) : knowledgeBase.checklist.frameworks[finding.framework].residency;
      return residency === null || findRegionJurisdiction(constraints.cloud, candidate.region.region) === residency;
    }
    case 'budget_infeasible':
    case 'budget_exceeded':
      return budget === null || candidate.monthlyCostUsd <= budget;
    case 'budget_at_risk':
      return budget === null || candidate.monthlyCostUsd <= (budget * knowledgeBase.sizing.budgetAtRiskPercent) / 100;
    default: {
      const controls = controlsForFinding(finding.code, finding);
      const provided = findProvidedControls(ids);
      return controls.length > 0 && controls.every((control) => provided.has(control));
    }
  }
}
