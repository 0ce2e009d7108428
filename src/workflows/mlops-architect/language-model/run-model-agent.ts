import { isAppError } from '../../../core/app-error.js';
import { redactSecrets } from '../../../core/redact-secrets.js';
import type { LanguageModel } from '../../../gateway/language-model.js';
import type { AgentResult } from './agent-result.js';

/** What the model path produced once the built-in checks ran: the value and the changes they made. */
export interface CheckedAnswer<T> {
  value: T;
  corrections: string[];
  /** The checks threw the whole answer out and `value` is the built-in's: the engine that decided was the built-in one. */
  overruled?: boolean;
}

export interface ModelAgentInput<T> {
  model: LanguageModel | undefined;
  signal?: AbortSignal;
  /** The built-in engine's answer: the result without a model, and the fallback when the model fails. */
  builtin: T;
  /** Asks the model and checks its answer; throws when the model fails or answers unusably. */
  askModel: (model: LanguageModel) => Promise<CheckedAnswer<T>>;
}

// A fallback reason is for a reason card, not a stack trace.
const maxReasonLength = 500;

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const redacted = redactSecrets(text);
  return redacted.length > maxReasonLength ? `${redacted.slice(0, maxReasonLength)}…` : redacted;
}

/**
 * A spent budget or a policy's deny is a decision about the run, not a failing provider: answering
 * with the built-in engine instead would hide it (and a hard budget limit must end the run).
 */
function stopsTheRun(error: unknown): boolean {
  return isAppError(error) && (error.code === 'BUDGET_EXCEEDED' || error.code === 'POLICY_DENIED');
}

/**
 * Runs one agent on the model path with the built-in engine as fallback: no model gives the built-in
 * answer; a model error (every provider of the chain failed) gives the built-in answer with the error
 * as `fallbackReason`. Cancellation, a spent budget and a policy's deny are not model failures: they
 * propagate, so the run stops.
 */
export async function runModelAgent<T>(input: ModelAgentInput<T>): Promise<AgentResult<T>> {
  const { model, signal, builtin } = input;
  if (model === undefined) return { value: builtin, engine: 'builtin', model: null, corrections: [], fallbackReason: null };
  const identity = { provider: model.provider, modelId: model.modelId };
  try {
    const answer = await input.askModel(model);
    return { value: answer.value, engine: answer.overruled === true ? 'builtin' : 'model', model: identity, corrections: answer.corrections, fallbackReason: null };
  } catch (error) {
    if (signal?.aborted || stopsTheRun(error)) throw error;
    return {
      value: builtin,
      engine: 'builtin',
      model: identity,
      corrections: [],
      fallbackReason: `${identity.provider}/${identity.modelId} failed (${describeError(error)}); the built-in engine answered`,
    };
  }
}
