import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import type { ComplianceControl } from '../knowledge-base/compliance-controls.js';

export interface ComplianceControlView {
  control: string;
  reference: string;
  description: string;
  implementedBy: string;
  status: string;
}

export interface ComplianceFrameworkView {
  framework: string;
  name: string;
  controls: ComplianceControlView[];
}

// Controls no single catalogue component provides are met by files the generator always writes.
const controlsMetByRepositoryFiles: Partial<Record<ComplianceControl, string>> = {
  data_residency: 'infra/terraform/variables.tf (`region`, pinned by the plan)',
  continuous_monitoring: 'monitoring/alerts.yml',
  vulnerability_scanning: '.github/workflows/ci.yml (dependency audit)',
};

/** Maps each control of each requested framework to the generated file that implements it, or to the open finding. */
export function buildComplianceView(constraints: Constraints, plan: ArchitecturePlan, findings: readonly CriticFinding[], modulePaths: ReadonlyMap<string, string>): ComplianceFrameworkView[] {
  return constraints.compliance.map((framework) => {
    const definition = knowledgeBase.checklist.frameworks[framework];
    return {
      framework,
      name: definition?.name ?? framework,
      controls: (definition?.controls ?? []).map(({ control, reference }) => {
        const providers = plan.components.filter((component) => knowledgeBase.components.find((entry) => entry.id === component.id)?.provides.includes(control));
        const files = providers.map((component) => `${modulePaths.get(component.id)}/main.tf (${component.service})`);
        const fallback = controlsMetByRepositoryFiles[control];
        const openFinding = findings.find((finding) => finding.control === control && finding.framework === framework);
        const implementedBy = files.length > 0 ? files.join('; ') : (fallback ?? 'not implemented');
        const status = files.length > 0 || fallback !== undefined ? 'implemented' : openFinding !== undefined ? `open: ${openFinding.code}` : 'gap: add a component that provides it';
        return { control, reference, description: knowledgeBase.checklist.controls[control]?.description ?? control, implementedBy, status };
      }),
    };
  });
}
