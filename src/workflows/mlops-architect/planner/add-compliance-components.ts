import type { Constraints } from '../../../contracts/mlops-architect.js';
import type { ComplianceControl } from '../knowledge-base/compliance-controls.js';
import { getCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import type { ComponentSet } from './component-set.js';
import type { PlanningDirectives } from './planning-directives.js';

/** Whether the plan has an internet-facing entry point, which is what a WAF protects. */
function hasPublicEndpoint(components: ComponentSet): boolean {
  return components.ids().some((id) => getCatalogueComponent(id).publicEndpoint);
}

/** Adds the control's default component unless a component in the set already provides it, and records why on the provider. */
function provideControl(components: ComponentSet, control: ComplianceControl, reason: string): void {
  const providers = components.ids().filter((id) => getCatalogueComponent(id).provides.includes(control));
  if (providers.length === 0) {
    components.add(knowledgeBase.checklist.controls[control].defaultComponent, reason);
    return;
  }
  for (const id of providers) components.explain(id, reason);
}

/**
 * Adds what each stated framework's checklist requires (e.g. PCI DSS → kms, waf, audit_logging,
 * private_network) and what policy findings asked for. Data residency is met by the region, not by
 * a component; a WAF is only required in front of a public endpoint.
 */
export function addComplianceComponents(components: ComponentSet, constraints: Constraints, directives: PlanningDirectives): void {
  for (const [control, reason] of directives.requiredControls) {
    if (control !== 'data_residency') provideControl(components, control, reason);
  }
  for (const framework of [...new Set(constraints.compliance)].sort()) {
    const { name, controls } = knowledgeBase.checklist.frameworks[framework];
    for (const { control, reference } of controls) {
      const definition = knowledgeBase.checklist.controls[control];
      if (control === 'data_residency') continue;
      if (definition.appliesTo === 'public_endpoint' && !hasPublicEndpoint(components)) continue;
      provideControl(components, control, `${framework}: ${name} requires ${definition.description} (${reference})`);
    }
  }
}
