import { z } from 'zod';
import type { ArchitecturePlan, Constraints } from '../../../contracts/mlops-architect.js';
import type { LanguageModel } from '../../../gateway/language-model.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { planArchitecture, type PlanArchitectureOptions } from '../planner/plan-architecture.js';
import type { AgentResult } from './agent-result.js';
import { applyPatternChoice } from './apply-pattern-choice.js';
import { formatConstraintsForPrompt } from './format-constraints-for-prompt.js';
import { requestStructuredOutput } from './request-structured-output.js';
import { runModelAgent } from './run-model-agent.js';

const patternChoiceSchema = z.object({
  pattern: z.string().min(1).max(100).describe('The id of one pattern from the list.'),
  justification: z.string().min(1).max(1000).describe('Why this pattern fits the constraints best, in one or two sentences.'),
});

const system = [
  'You are the planner of an MLOps architect. Choose the one architecture pattern from the list that best fits the constraints.',
  'Answer with the pattern id exactly as listed and a short justification. Components, sizes and prices are worked out from the pattern afterwards; do not invent any.',
].join('\n');

function describeTask(constraints: Constraints, options: PlanArchitectureOptions): string {
  const patterns = knowledgeBase.patterns.map((pattern) => ({
    id: pattern.id,
    name: pattern.name,
    summary: pattern.summary,
    workloads: pattern.workloads,
    latency: pattern.latencyNote,
    gpu: pattern.gpu,
    strengths: pattern.strengths,
    weaknesses: pattern.weaknesses,
  }));
  const sections = [`Constraints:\n${formatConstraintsForPrompt(constraints)}`, `Patterns:\n${JSON.stringify(patterns, null, 2)}`];
  const findings = (options.findings ?? []).filter((finding) => finding.severity !== 'info');
  if (findings.length > 0) {
    const listed = findings.map((finding) => `- [${finding.severity}] ${finding.code}: ${finding.message}`).join('\n');
    sections.push(`The critics found these problems with the previous plan (${options.previous?.pattern ?? 'unknown pattern'}); the new plan must address them:\n${listed}`);
  }
  return sections.join('\n\n');
}

/**
 * Plans with a model choosing the pattern and the built-in planner doing the rest: the choice is
 * checked (see applyPatternChoice) and the plan built with the knowledge base's components, sizing
 * and prices. Without a model, or when it fails, the result is planArchitecture's.
 */
export async function planWithModel(constraints: Constraints, options: PlanArchitectureOptions, model: LanguageModel | undefined, signal?: AbortSignal): Promise<AgentResult<ArchitecturePlan>> {
  const builtin = planArchitecture(constraints, options);
  return runModelAgent({
    model,
    signal,
    builtin,
    askModel: async (languageModel) => {
      const choice = await requestStructuredOutput(languageModel, { system, user: describeTask(constraints, options), schema: patternChoiceSchema, signal });
      return applyPatternChoice(constraints, options, builtin, choice, `${languageModel.provider}/${languageModel.modelId}`);
    },
  });
}
