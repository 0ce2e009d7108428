import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import type { ComplianceControl } from '../knowledge-base/compliance-controls.js';
import type { Jurisdiction } from '../knowledge-base/compliance-checklist.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { findRequiredJurisdiction } from './choose-region.js';
import { compareFindings } from './compare-findings.js';
import { controlsForFinding } from './controls-for-finding.js';
import { formatCount, formatUsd } from './format-count.js';
import type { PlanningDirectives } from './planning-directives.js';

interface MutableDirectives {
  excludedComponents: Map<string, string>;
  excludedPatterns: Map<string, string>;
  requiredControls: Map<ComplianceControl, string>;
  jurisdiction: { value: Jurisdiction; reason: string } | null;
  saving: string | null;
}

/** Components whose cold starts break the latency target (or the ones the finding names). */
function excludeColdStarts(directives: MutableDirectives, constraints: Constraints, finding: CriticFinding | null): void {
  const target = constraints.latencyMs;
  for (const component of knowledgeBase.components) {
    const coldStart = component.latency?.coldStartP99Ms;
    if (coldStart === undefined) continue;
    const breaksTarget = target !== null && target < (component.latency?.p99FloorMs ?? 0);
    if (!breaksTarget && !(finding?.componentIds.includes(component.id) ?? false)) continue;
    const versus = target === null ? 'are too slow for the request' : `exceed the ${formatCount(target)} ms target`;
    directives.excludedComponents.set(component.id, `p99 cold starts ≈ ${coldStart[0]}–${coldStart[1]} ms ${versus} (cold_start_latency)`);
  }
}

/** Components whose service limits are below the peak (or the ones the finding names). */
function excludeThroughputLimits(directives: MutableDirectives, constraints: Constraints, finding: CriticFinding | null): void {
  const peak = constraints.throughputRps;
  for (const component of knowledgeBase.components) {
    const maxRps = component.throughput?.maxRps;
    if (maxRps === undefined) continue;
    const overLimit = peak !== null && peak > maxRps;
    if (!overLimit && !(finding?.componentIds.includes(component.id) ?? false)) continue;
    const versus = peak === null ? '' : `, below the ${formatCount(peak)} rps peak`;
    directives.excludedComponents.set(component.id, `tops out at ≈ ${formatCount(maxRps)} rps${versus} (throughput_exceeds_limits)`);
  }
}

/** Applies one finding (or a code an earlier revision addressed, with no finding object) to the directives. */
function applyFinding(directives: MutableDirectives, code: string, finding: CriticFinding | null, constraints: Constraints, previous: ArchitecturePlan | null): void {
  switch (code) {
    case 'cold_start_latency':
      excludeColdStarts(directives, constraints, finding);
      return;
    case 'throughput_exceeds_limits':
      excludeThroughputLimits(directives, constraints, finding);
      return;
    case 'gpu_unavailable_on_pattern':
      for (const pattern of knowledgeBase.patterns) {
        if (pattern.gpu === 'unsupported') directives.excludedPatterns.set(pattern.id, 'cannot run models on GPUs (gpu_unavailable_on_pattern)');
      }
      return;
    case 'latency_unachievable':
      if (previous !== null && finding !== null) directives.excludedPatterns.set(previous.pattern, `missed the latency target in revision ${previous.revision} (latency_unachievable)`);
      return;
    case 'data_residency_violation': {
      const framework = finding?.framework;
      const residency = framework === undefined ? (findRequiredJurisdiction(constraints)?.value ?? null) : knowledgeBase.checklist.frameworks[framework].residency;
      if (residency !== null) directives.jurisdiction ??= { value: residency, reason: `${framework ?? 'the stated frameworks'} keeps data in the ${residency.toUpperCase()} (data_residency_violation)` };
      return;
    }
    case 'budget_infeasible':
    case 'budget_exceeded':
    case 'budget_at_risk': {
      const budget = constraints.budgetMonthlyUsd;
      directives.saving ??= budget === null ? `to cut cost (${code})` : `to fit the ${formatUsd(budget)} monthly budget (${code})`;
      return;
    }
    default:
      for (const control of controlsForFinding(code, finding)) {
        const definition = knowledgeBase.checklist.controls[control];
        const who = finding?.framework ?? 'a policy finding';
        if (!directives.requiredControls.has(control)) directives.requiredControls.set(control, `${who} requires ${definition.description} (${code})`);
      }
  }
}

/**
 * What the findings ask of the next plan: components and patterns to avoid, controls to add, the
 * jurisdiction to move to, or the budget to fit. Info findings are suggestions and change nothing.
 * Codes a previous revision addressed are applied again, because every revision is rebuilt from the
 * constraints and would otherwise bring back what an earlier finding removed.
 */
export function derivePlanningDirectives(constraints: Constraints, findings: readonly CriticFinding[], previous: ArchitecturePlan | null): PlanningDirectives {
  const directives: MutableDirectives = { excludedComponents: new Map(), excludedPatterns: new Map(), requiredControls: new Map(), jurisdiction: null, saving: null };
  const actionable = [...findings].filter((finding) => finding.severity !== 'info').sort(compareFindings);
  for (const finding of actionable) applyFinding(directives, finding.code, finding, constraints, previous);
  for (const code of previous?.addressedFindings ?? []) applyFinding(directives, code, null, constraints, previous);
  return directives;
}
