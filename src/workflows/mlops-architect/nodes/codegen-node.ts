import type { NodeFunction } from '../../../engine/workflow-definition.js';
import { buildComplianceView } from '../codegen/build-compliance-view.js';
import { renderRepository } from '../codegen/render-repository.js';
import { measureRepositoryCoverage } from '../confidence/measure-repository-coverage.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { emitAgentCard } from './emit-agent-card.js';

/** The timestamp the generated files carry: the input's fixed one, else when the design started. */
export function generationTime(state: Pick<MlopsArchitectStateValues, 'generatedAt' | 'startedAt'>): string {
  return state.generatedAt ?? state.startedAt ?? new Date(0).toISOString();
}

/** Code generation: renders the repository from the template files for the approved plan. */
export const codegenNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  const { constraints, plan } = state;
  if (!constraints || !plan) throw new Error('code generation ran before the planner');
  const files = renderRepository({ requestText: state.request, constraints, plan, findings: state.findings, reasonCards: state.reasonCards, generatedAt: generationTime(state) });
  // Paths only matter for the mapping's wording; coverage counts which controls are implemented.
  const frameworks = buildComplianceView(constraints, plan, state.findings, new Map(plan.components.map((component) => [component.id, `infra/terraform/modules/${component.id}`])));
  const coverage = measureRepositoryCoverage(constraints, frameworks, files);
  const terraformFiles = [...files.keys()].filter((path) => path.endsWith('.tf')).length;
  const reasonCards = await emitAgentCard(context, {
    agent: 'code-generation',
    inputs: { pattern: plan.pattern, components: plan.components.length, frameworks: constraints.compliance, workloads: constraints.workloads },
    reasoning: `Rendered ${files.size} files from the templates: ${terraformFiles} Terraform files (a module per component, remote state), the service with health and predict endpoints and tests, CI/CD, monitoring and docs. Covers ${coverage.covered.length} of ${coverage.covered.length + coverage.missing.length} controls and workloads${coverage.missing.length > 0 ? `; not covered: ${coverage.missing.join(', ')}` : ''}.`,
    decision: `Generated ${files.size} files`,
    alternatives: [],
    confidence: coverage.ratio,
  });
  return { repository: Object.fromEntries(files), reasonCards };
};
