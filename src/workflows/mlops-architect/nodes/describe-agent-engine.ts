import type { AgentResult } from '../language-model/agent-result.js';

/** How an agent reached its answer, for its reason card: which engine, and where the model was overruled. */
export function describeAgentEngine(result: AgentResult<unknown>): { inputs: Record<string, unknown>; notes: string } {
  const model = result.model ? `${result.model.provider}/${result.model.modelId}` : null;
  const notes = [
    result.fallbackReason ? `Fallback: ${result.fallbackReason}.` : '',
    result.corrections.length > 0 ? `Corrected the model's answer: ${result.corrections.join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { inputs: { engine: result.engine, ...(model ? { model } : {}), ...(result.corrections.length > 0 ? { corrections: result.corrections.length } : {}) }, notes };
}
