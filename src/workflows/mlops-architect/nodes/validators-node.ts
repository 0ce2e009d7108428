import { AppError } from '../../../core/app-error.js';
import type { NodeFunction } from '../../../engine/workflow-definition.js';
import { measureValidationConfidence } from '../confidence/measure-validation-confidence.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { renderValidationReport } from '../validators/render-validation-report.js';
import { validateRepository } from '../validators/validate-repository.js';
import { emitAgentCard } from './emit-agent-card.js';

/**
 * Validators on the real generated tree. A failing check fails the run (not retryable: the same
 * design renders the same tree) after saving the report as artifacts, so a broken repository is
 * never shipped silently and the reason is downloadable.
 */
export const validatorsNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  if (!state.repository) throw new Error('validators ran before code generation');
  const report = await validateRepository(new Map(Object.entries(state.repository)));
  const problems = report.checks.flatMap((check) => check.problems.map((problem) => `${check.name}: ${problem.file}${problem.line === undefined ? '' : `:${problem.line}`} ${problem.message}`));
  const reasonCards = await emitAgentCard(context, {
    agent: 'validators',
    inputs: { files: Object.keys(state.repository).length, checks: report.checks.map((check) => check.name) },
    reasoning: report.checks.map((check) => `${check.name}: ${check.status}${check.note ? ` (${check.note})` : ''}${check.problems.length > 0 ? `, ${check.problems.length} problem(s)` : ''}`).join('; '),
    decision: report.ok ? 'Repository valid' : `Repository invalid: ${problems.length} problem(s)`,
    alternatives: [],
    confidence: measureValidationConfidence(report),
  });
  if (!report.ok) {
    for (const [name, content] of renderValidationReport(report)) await context.saveArtifact(name.replace('reports/', ''), name.endsWith('.json') ? 'application/json' : 'text/markdown; charset=utf-8', content);
    throw new AppError('GENERATED_REPOSITORY_INVALID', `The generated repository failed validation (${problems.length} problem(s)); see the validation.md artifact. First: ${problems.slice(0, 3).join(' | ')}`, { problems: problems.length });
  }
  return { validation: report, reasonCards };
};
