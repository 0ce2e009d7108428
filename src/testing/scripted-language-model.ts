import type { LanguageModel, LanguageModelRequest, LanguageModelResult, LanguageModelStreamPart, LanguageModelUsage } from '../gateway/language-model.js';

/** One scripted turn: the answer's text, an error to throw, or a text that arrives after a delay (to test cancellation). */
export type ScriptedResponse = string | Error | { text: string; delayMs: number };

/** Options for {@link ScriptedLanguageModel}; the names show up in agent results and reason cards. */
export interface ScriptedLanguageModelOptions {
  provider?: string;
  modelId?: string;
}

/** Tokens as providers roughly count them for English and JSON: about four characters each. */
function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function createAbortError(signal: AbortSignal): unknown {
  // The signal's own reason is what `fetch` rejects with, so code under test sees what a real provider gives.
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Waits, rejecting at once when the signal aborts. */
function wait(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(createAbortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      if (signal !== undefined) reject(createAbortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Test double for the model port: answers each call with the next scripted response, records every
 * request it received, honours `signal` like a provider's `fetch` would, and reports token usage
 * estimated from the characters sent and received. It never guesses: a call beyond the script fails.
 */
export class ScriptedLanguageModel implements LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  /** Every request received, in order, including ones that were answered with an error. */
  readonly requests: LanguageModelRequest[] = [];
  /** The usage summed over every answered call. */
  readonly totalUsage: LanguageModelUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
  private readonly script: ScriptedResponse[];

  constructor(responses: readonly ScriptedResponse[], options: ScriptedLanguageModelOptions = {}) {
    this.script = [...responses];
    this.provider = options.provider ?? 'scripted';
    this.modelId = options.modelId ?? 'scripted-model';
  }

  /** How many scripted responses have not been used yet. */
  get remaining(): number {
    return this.script.length;
  }

  async doGenerate(request: LanguageModelRequest): Promise<LanguageModelResult> {
    this.requests.push(request);
    if (request.signal?.aborted) throw createAbortError(request.signal);
    const response = this.script.shift();
    if (response === undefined) throw new Error(`ScriptedLanguageModel has no response left for call ${this.requests.length}`);
    if (response instanceof Error) throw response;
    const text = typeof response === 'string' ? response : response.text;
    if (typeof response !== 'string') await wait(response.delayMs, request.signal);
    const usage: LanguageModelUsage = {
      inputTokens: countTokens(request.messages.map((message) => message.content).join('\n')),
      outputTokens: countTokens(text),
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    };
    for (const key of Object.keys(usage) as (keyof LanguageModelUsage)[]) this.totalUsage[key] += usage[key];
    return { text, toolCalls: [], usage, finishReason: 'stop', providerRequestId: `scripted-${this.requests.length}` };
  }

  async doStream(request: LanguageModelRequest): Promise<AsyncIterable<LanguageModelStreamPart>> {
    const result = await this.doGenerate(request);
    async function* parts(): AsyncIterable<LanguageModelStreamPart> {
      yield { type: 'text-delta', text: result.text };
      yield { type: 'finish', usage: result.usage, finishReason: result.finishReason, providerRequestId: result.providerRequestId };
    }
    return parts();
  }
}
