import type { ArchitecturePlan, ComplianceFramework, CriticFinding } from '../../../contracts/mlops-architect.js';
import type { ComplianceControl } from '../knowledge-base/compliance-controls.js';
import { findCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import { findProvidedControls } from '../knowledge-base/find-provided-controls.js';
import { findRegionJurisdiction } from '../knowledge-base/find-region-jurisdiction.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { compareFindings } from '../planner/compare-findings.js';
import type { Critic } from './critic.js';

/** The residency check: the plan's region must be in the jurisdiction the framework requires. */
function reviewResidency(framework: ComplianceFramework, reference: string, plan: ArchitecturePlan): CriticFinding[] {
  const { name, residency } = knowledgeBase.checklist.frameworks[framework];
  if (residency === null) return [];
  const actual = findRegionJurisdiction(plan.cloud, plan.region);
  if (actual === residency) return [];
  const definition = knowledgeBase.checklist.controls.data_residency;
  const target = residency === 'other' ? null : knowledgeBase.regions[plan.cloud].defaultRegionByJurisdiction[residency];
  const where = residency.toUpperCase();
  return [
    {
      code: definition.findingCode,
      critic: 'policy',
      // An unlisted region may be fine; say so rather than block on what the knowledge base does not know.
      severity: actual === 'unknown' ? 'warning' : definition.severity,
      message:
        actual === 'unknown'
          ? `${name} keeps data in the ${where} (${reference}); region ${plan.region} is not in the knowledge base, so its jurisdiction is unconfirmed.`
          : `${name} keeps data in the ${where} (${reference}), but region ${plan.region} is in the ${actual === 'other' ? 'neither the EU nor the US' : actual.toUpperCase()}.`,
      fix: `Deploy to ${target ?? `a region in the ${where}`}${target === null ? '' : ` (or another ${where} region)`} and keep backups, logs and model artifacts there too.`,
      componentIds: plan.components.filter((planned) => findCatalogueComponent(planned.id)?.provides.includes('data_residency') ?? false).map((planned) => planned.id),
      framework,
      control: 'data_residency',
    },
  ];
}

/** One finding for a control the framework requires and no component of the plan provides. */
function reviewControl(framework: ComplianceFramework, control: ComplianceControl, reference: string, plan: ArchitecturePlan, provided: ReadonlySet<ComplianceControl>): CriticFinding[] {
  const definition = knowledgeBase.checklist.controls[control];
  if (provided.has(control)) return [];
  if (definition.appliesTo === 'public_endpoint' && !plan.components.some((planned) => findCatalogueComponent(planned.id)?.publicEndpoint ?? false)) return [];
  const component = findCatalogueComponent(definition.defaultComponent);
  return [
    {
      code: definition.findingCode,
      critic: 'policy',
      severity: definition.severity,
      message: `${knowledgeBase.checklist.frameworks[framework].name} requires ${definition.description} (${reference}); no component of the plan provides ${control}.`,
      fix: `Add ${definition.defaultComponent}${component === undefined ? '' : ` (${component.services[plan.cloud]})`}.`,
      componentIds: [definition.defaultComponent],
      framework,
      control,
    },
  ];
}

/**
 * The policy critic: for each stated framework, checks every control of its checklist
 * (`compliance-checklist.json`) against what the plan's components provide, and the plan's region
 * against the framework's residency rule. Findings name the framework and the control.
 */
export const policyCritic: Critic = {
  name: 'policy',
  review(constraints, plan) {
    const provided = findProvidedControls(plan.components.map((planned) => planned.id));
    const findings = [...new Set(constraints.compliance)].flatMap((framework) =>
      knowledgeBase.checklist.frameworks[framework].controls.flatMap(({ control, reference }) =>
        control === 'data_residency' ? reviewResidency(framework, reference, plan) : reviewControl(framework, control, reference, plan, provided),
      ),
    );
    return findings.sort(compareFindings);
  },
};
