import { criticFindingSchema, type ArchitecturePlan, type Constraints, type CriticFinding } from '../../../contracts/mlops-architect.js';
import type { LanguageModel } from '../../../gateway/language-model.js';
import type { Critic } from '../critics/critic.js';
import { compareFindings } from '../planner/compare-findings.js';
import type { AgentResult } from './agent-result.js';
import { checkModelFinding } from './check-model-finding.js';
import { formatConstraintsForPrompt } from './format-constraints-for-prompt.js';
import { findKnownFindingCodes, type KnownFindingCode } from './find-known-finding-codes.js';
import { modelFindingsSchema } from './model-findings-schema.js';
import { requestStructuredOutput } from './request-structured-output.js';
import { runModelAgent } from './run-model-agent.js';

function describeTask(critic: Critic['name'], constraints: Constraints, plan: ArchitecturePlan, builtin: readonly CriticFinding[], knownCodes: readonly KnownFindingCode[]): string {
  const components = plan.components.map((component) => ({ id: component.id, service: component.service, purpose: component.purpose, monthlyCostUsd: component.monthlyCostUsd }));
  const codes = knownCodes.map((known) => (known.control === null ? `- ${known.code}` : `- ${known.code}: missing ${known.control.description}`));
  return [
    `Constraints:\n${formatConstraintsForPrompt(constraints)}`,
    `Plan: ${plan.patternName} (${plan.pattern}) on ${plan.cloud.toUpperCase()} ${plan.region}, ≈ $${plan.estimatedMonthlyCostUsd} a month.\nComponents:\n${JSON.stringify(components, null, 2)}`,
    `Findings already raised (do not repeat them):\n${builtin.length === 0 ? '(none)' : builtin.map((finding) => `- [${finding.severity}] ${finding.code}: ${finding.message}`).join('\n')}`,
    `Finding codes you may use:\n${codes.join('\n')}`,
  ].join('\n\n');
}

function isSameFinding(left: CriticFinding, right: CriticFinding): boolean {
  return left.code === right.code && left.framework === right.framework && [...left.componentIds].sort().join(',') === [...right.componentIds].sort().join(',');
}

/**
 * Reviews a plan with a critic's built-in rules plus a model that may add findings the rules miss.
 * The built-in findings are always kept; each model finding is checked (see checkModelFinding) and
 * dropped with a correction when its code or components are unknown, or capped at `warning`.
 * Without a model, or when it fails, the result is the critic's own review.
 */
export async function reviewWithModel(critic: Critic, constraints: Constraints, plan: ArchitecturePlan, model: LanguageModel | undefined, signal?: AbortSignal): Promise<AgentResult<CriticFinding[]>> {
  const builtin = critic.review(constraints, plan);
  return runModelAgent({
    model,
    signal,
    builtin,
    askModel: async (languageModel) => {
      const knownCodes = findKnownFindingCodes(critic.name);
      const answer = await requestStructuredOutput(languageModel, {
        system: [
          `You are the ${critic.name} critic of an MLOps architect. Review the plan against the constraints.`,
          'Report only problems the findings already raised miss, each with one of the listed codes and the ids of the plan components it concerns. Report nothing when there is nothing to add.',
        ].join('\n'),
        user: describeTask(critic.name, constraints, plan, builtin, knownCodes),
        schema: modelFindingsSchema,
        signal,
      });
      const findings = [...builtin];
      const corrections: string[] = [];
      for (const proposed of answer.findings) {
        const checked = checkModelFinding(proposed, { critic: critic.name, knownCodes, constraints, plan });
        if (!checked.kept) {
          corrections.push(checked.correction);
          continue;
        }
        // Agreeing with a rule is not a new finding.
        if (findings.some((existing) => isSameFinding(existing, checked.finding))) continue;
        findings.push(criticFindingSchema.parse(checked.finding));
        corrections.push(...checked.corrections);
      }
      return { value: findings.sort(compareFindings), corrections };
    },
  });
}
