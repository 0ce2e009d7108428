import { z } from 'zod';
import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import type { LanguageModel } from '../../../gateway/language-model.js';
import type { AgentResult } from './agent-result.js';
import { checkRationale } from './check-rationale.js';
import { formatConstraintsForPrompt } from './format-constraints-for-prompt.js';
import { requestStructuredOutput } from './request-structured-output.js';
import { runModelAgent } from './run-model-agent.js';

/** What the rationale writer works from; `builtinRationale` is the fallback and the model's draft. */
export interface RationaleInput {
  constraints: Constraints;
  plan: ArchitecturePlan;
  findings: readonly CriticFinding[];
  builtinRationale: string;
}

// About five pages of Markdown: longer is not a rationale a person reads before approving.
const maxRationaleLength = 20_000;

const rationaleSchema = z.object({ markdown: z.string().max(maxRationaleLength).describe('The rationale in Markdown.') });

const system = [
  'You are the technical writer of an MLOps architect. Write the design rationale in Markdown for the engineers who will approve the design.',
  'Explain why the pattern fits the constraints, what each group of components is for, what it costs, which alternatives lost and why, and which findings remain open.',
  'Use only the facts given: name no component, pattern, price or compliance framework that is not in them.',
].join('\n');

function describeTask(input: RationaleInput): string {
  const { plan } = input;
  const components = plan.components.map((component) => `- ${component.id} (${component.service}, ≈ $${component.monthlyCostUsd}/month): ${component.purpose}`);
  const alternatives = plan.alternatives.map((alternative) => `- ${alternative.pattern} (score ${alternative.score}): ${alternative.reason}`);
  const findings = input.findings.map((finding) => `- [${finding.severity}] ${finding.code}: ${finding.message}`);
  return [
    `Constraints:\n${formatConstraintsForPrompt(input.constraints)}`,
    `Chosen pattern: ${plan.patternName} (${plan.pattern}) on ${plan.cloud.toUpperCase()} ${plan.region}, ≈ $${plan.estimatedMonthlyCostUsd} a month, score ${plan.score}, revision ${plan.revision}.`,
    `Components:\n${components.join('\n')}`,
    `Alternatives:\n${alternatives.join('\n') || '(none)'}`,
    `Open findings:\n${findings.join('\n') || '(none)'}`,
    `A draft by the rules engine, to improve on:\n${input.builtinRationale}`,
  ].join('\n\n');
}

/**
 * Writes the design rationale with a model, checked by the built-in rules: an empty rationale, or one
 * that names a framework, component or pattern the design does not have, is replaced by the built-in
 * rationale with a correction. Without a model, or when it fails, the built-in rationale stands.
 */
export async function writeRationaleWithModel(input: RationaleInput, model: LanguageModel | undefined, signal?: AbortSignal): Promise<AgentResult<string>> {
  return runModelAgent({
    model,
    signal,
    builtin: input.builtinRationale,
    askModel: async (languageModel) => {
      const { markdown } = await requestStructuredOutput(languageModel, { system, user: describeTask(input), schema: rationaleSchema, signal });
      const problem = checkRationale(markdown, input.constraints, input.plan);
      if (problem === null) return { value: markdown.trim(), corrections: [] };
      return { value: input.builtinRationale, corrections: [`model's rationale ${problem}; used the built-in rationale`], overruled: true };
    },
  });
}
