import type { LlmCallRecord } from '../store/llm-calls/insert-llm-calls.js';
import { estimateTextTokens } from './estimate-tokens.js';
import { toStreamError } from './gateway-errors.js';
import { emptyUsage, type LanguageModel, type LanguageModelStreamPart, type LanguageModelUsage } from './language-model.js';
import { isProviderError, ProviderError } from './provider-error.js';

/** How an attempt ended, for its ledger row and budget settlement. */
export interface AttemptOutcome {
  status: LlmCallRecord['status'];
  usage: LanguageModelUsage;
  error?: unknown;
  responseModelId?: string | undefined;
  providerRequestId?: string | undefined;
}

/** A stream whose first part was read: from here on it belongs to the caller. */
export interface OpenedStream {
  model: LanguageModel;
  iterator: AsyncIterator<LanguageModelStreamPart>;
  first: IteratorResult<LanguageModelStreamPart>;
  firstPartAt: number;
  promptTokens: number;
  /** The attempt's output limit after the budget clamped it: the most the provider can bill. */
  maxOutputTokens: number;
  signal: AbortSignal | undefined;
  finish(outcome: AttemptOutcome & { firstPartAt: number | null }): void;
}
/**
 * Hands an opened stream to the caller part by part and records its end exactly once: the
 * provider's usage on `finish`; on a cut, a stall or the caller stopping early, what was produced
 * so far (estimated from the text, at most the attempt's clamped output), so the budget is charged
 * for tokens the provider will bill. A caller that closes the stream before reading it, or aborts
 * its signal while not reading, ends it too: an async generator that never started runs no
 * `finally`, which would leave the reservation held and the provider's stream open.
 */
export function relayStream(opened: OpenedStream, onUsage: (usage: LanguageModelUsage) => void): AsyncIterable<LanguageModelStreamPart> {
  let producedCharacters = 0;
  let ended = false;
  const partial = (): LanguageModelUsage => ({ ...emptyUsage, inputTokens: opened.promptTokens, outputTokens: Math.min(opened.maxOutputTokens, estimateTextTokens(' '.repeat(producedCharacters))) });
  const end = (outcome: Parameters<OpenedStream['finish']>[0]) => {
    if (ended) return;
    ended = true;
    opened.signal?.removeEventListener('abort', abandon);
    opened.finish(outcome);
    onUsage(outcome.usage);
  };
  async function abandon(): Promise<void> {
    if (ended) return;
    // The caller stopped before the end: an abort, billed for what was produced.
    end({ status: 'aborted', usage: partial(), error: new ProviderError('the caller stopped reading the stream', { kind: 'aborted', provider: opened.model.provider }), firstPartAt: opened.firstPartAt });
    await opened.iterator.return?.().catch(() => undefined);
  }
  opened.signal?.addEventListener('abort', abandon, { once: true });

  async function* parts(): AsyncGenerator<LanguageModelStreamPart> {
    try {
      let next = opened.first;
      for (;;) {
        if (next.done) {
          const error = new ProviderError(`${opened.model.provider} stream ended without its finish event`, { kind: 'stream_cut', provider: opened.model.provider });
          end({ status: 'failed', usage: partial(), error, firstPartAt: opened.firstPartAt });
          throw toStreamError(error);
        }
        const part = next.value;
        if (part.type === 'text-delta') producedCharacters += part.text.length;
        if (part.type === 'finish') {
          end({ status: 'succeeded', usage: part.usage, responseModelId: part.responseModelId, providerRequestId: part.providerRequestId, firstPartAt: opened.firstPartAt });
          yield part;
          return;
        }
        yield part;
        try {
          next = await opened.iterator.next();
        } catch (error) {
          const aborted = (isProviderError(error) && error.kind === 'aborted') || opened.signal?.aborted === true;
          end({ status: aborted ? 'aborted' : 'failed', usage: partial(), error, firstPartAt: opened.firstPartAt });
          throw toStreamError(error);
        }
      }
    } finally {
      await abandon();
    }
  }

  const generator = parts();
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => generator.next(),
      async return(value?: unknown) {
        await abandon();
        return generator.return(value as undefined);
      },
      throw: (error?: unknown) => generator.throw(error),
    }),
  };
}
