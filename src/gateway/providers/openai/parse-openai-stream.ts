import { redactSecrets } from '../../../core/redact-secrets.js';
import type { LanguageModelStreamPart } from '../../language-model.js';
import { ProviderError, type ProviderErrorKind } from '../../provider-error.js';
import { convertOpenAiUsage } from './convert-openai-usage.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import type { OpenAiChatChunk, OpenAiUsage } from './openai-wire.js';
import { parseOpenAiToolCall, type OpenAiToolCallText } from './parse-openai-tool-call.js';

export interface OpenAiStreamContext {
  provider: string;
  /** From the `x-request-id` header; the chunks' `id` stands in when a server sends none. */
  providerRequestId: string | undefined;
  signal: AbortSignal | undefined;
}

/**
 * Converts a Chat Completions event stream to the port's parts: text deltas as they arrive, each
 * tool call whole once its choice finishes, and exactly one `finish`. OpenAI sends the finish
 * reason, then (asked for with `stream_options.include_usage`) a usage chunk without choices, then
 * `[DONE]`. A stream is complete after `[DONE]` with a finish reason, or when the body ends after a
 * finish reason and usage; anything shorter is a `stream_cut` error, never a short success. A
 * server that sends no usage at all (some compatible ones) finishes with zero usage, but only
 * after `[DONE]`, the one sign that nothing was lost.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export async function* parseOpenAiStream(events: AsyncIterable<{ data: string }>, context: OpenAiStreamContext): AsyncGenerator<LanguageModelStreamPart> {
  const { provider } = context;
  // Tool calls arrive in fragments keyed by `index`: id and name first, argument pieces after.
  const pendingToolCalls = new Map<number, OpenAiToolCallText>();
  let finishReason: string | undefined;
  let usage: OpenAiUsage | undefined;
  let responseModelId: string | undefined;
  let chunkId: string | undefined;
  let done = false;

  const fail = (kind: ProviderErrorKind, message: string) => {
    const providerRequestId = context.providerRequestId ?? chunkId;
    return new ProviderError(`${provider} ${message}`, { kind, provider, ...(providerRequestId ? { providerRequestId } : {}) });
  };
  const finishPart = (): LanguageModelStreamPart => {
    const providerRequestId = context.providerRequestId ?? chunkId;
    return {
      type: 'finish',
      usage: convertOpenAiUsage(usage),
      finishReason: mapOpenAiFinishReason(finishReason),
      ...(responseModelId ? { responseModelId } : {}),
      ...(providerRequestId ? { providerRequestId } : {}),
    };
  };

  try {
    for await (const event of events) {
      // After [DONE] the rest of the body is only read so the connection can be reused.
      if (done) continue;
      if (context.signal?.aborted) throw new ProviderError(`${provider} call aborted`, { kind: 'aborted', provider, cause: context.signal.reason });
      if (event.data.trim() === '[DONE]') {
        if (finishReason === undefined) throw fail('stream_cut', 'stream ended with [DONE] before any finish reason');
        done = true;
        yield finishPart();
        continue;
      }
      const chunk = parseChunk(event.data);
      if (chunk === undefined) throw fail('invalid_response', 'sent a stream event that is not a chat completion chunk');
      if (chunk.error !== undefined && chunk.error !== null) {
        const detail = typeof chunk.error.message === 'string' ? `: ${redactSecrets(chunk.error.message)}` : '';
        throw fail('server_error', `stream failed${detail}`);
      }
      if (typeof chunk.model === 'string' && chunk.model !== '') responseModelId ??= chunk.model;
      if (typeof chunk.id === 'string' && chunk.id !== '') chunkId ??= chunk.id;
      // Some servers (vLLM with continuous usage stats) put usage on every chunk: the last one counts.
      if (chunk.usage !== undefined && chunk.usage !== null) usage = chunk.usage;

      const choice = Array.isArray(chunk.choices) ? chunk.choices.find((candidate) => (candidate.index ?? 0) === 0) : undefined;
      if (choice === undefined) continue;
      const delta = choice.delta ?? {};
      if (typeof delta.content === 'string' && delta.content !== '') yield { type: 'text-delta', text: delta.content };
      for (const [position, fragment] of (delta.tool_calls ?? []).entries()) {
        const index = typeof fragment.index === 'number' ? fragment.index : position;
        const toolCall = pendingToolCalls.get(index) ?? { id: '', name: '', arguments: '' };
        pendingToolCalls.set(index, toolCall);
        if (toolCall.id === '' && fragment.id) toolCall.id = fragment.id;
        if (toolCall.name === '' && fragment.function?.name) toolCall.name = fragment.function.name;
        if (fragment.function?.arguments) toolCall.arguments += fragment.function.arguments;
      }
      if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
        finishReason = choice.finish_reason;
        for (const [index, toolCall] of [...pendingToolCalls].sort(([left], [right]) => left - right)) {
          if (toolCall.name === '') throw fail('invalid_response', `sent tool call ${index} without a function name`);
          // A few compatible servers send no id; the index keeps the answering tool result addressable.
          const complete = toolCall.id === '' ? { ...toolCall, id: `call_${index}` } : toolCall;
          yield { type: 'tool-call', toolCall: parseOpenAiToolCall(complete, provider, context.providerRequestId ?? chunkId) };
        }
        pendingToolCalls.clear();
      }
    }
  } catch (error) {
    // The answer was complete at [DONE]; a failure while draining the rest changes nothing.
    if (done) return;
    throw error;
  }
  if (done) return;
  if (finishReason === undefined) throw fail('stream_cut', 'stream ended before a finish reason: the answer is incomplete');
  if (usage === undefined) throw fail('stream_cut', 'stream ended after its finish reason but before usage or [DONE]');
  yield finishPart();
}

function parseChunk(data: string): Partial<OpenAiChatChunk> | undefined {
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Partial<OpenAiChatChunk>) : undefined;
  } catch {
    return undefined;
  }
}
