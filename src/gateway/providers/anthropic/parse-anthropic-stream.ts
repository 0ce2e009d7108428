import type { EventSourceMessage } from 'eventsource-parser';
import { redactSecrets } from '../../../core/redact-secrets.js';
import type { FinishReason, LanguageModelStreamPart, LanguageModelUsage } from '../../language-model.js';
import { ProviderError } from '../../provider-error.js';
import type { AnthropicDeltaUsage, AnthropicErrorBody, AnthropicStopReason, AnthropicStreamEvent } from './anthropic-wire.js';
import { mapAnthropicFinishReason, mapAnthropicUsage, type AnthropicAnswerContext } from './parse-anthropic-response.js';

/** A content block being streamed, by its index. */
type OpenBlock =
  | { kind: 'text' }
  | { kind: 'tool-call'; id: string; name: string; json: string }
  /** The forced structured-output tool: its JSON is the answer's text. */
  | { kind: 'structured-answer'; json: string }
  /** Thinking and server-tool blocks: not part of the answer. */
  | { kind: 'ignored' };

/**
 * Turns the events of a Messages API stream into stream parts: text deltas as they come, each tool
 * call whole when its block stops, and exactly one `finish` at `message_stop`. A stream that ends
 * without `message_stop` was cut and throws `stream_cut`, never a short success; an `error` event
 * throws (`overloaded_error` is a rate limit, like HTTP 529).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export async function* parseAnthropicStream(events: AsyncIterable<EventSourceMessage>, context: AnthropicAnswerContext): AsyncGenerator<LanguageModelStreamPart> {
  const blocks = new Map<number, OpenBlock>();
  // message_start carries the input and cache counts; message_delta the final output count (and, in
  // newer API versions, the input counts again): the latest non-null value of each wins.
  const usage: Partial<AnthropicDeltaUsage> = {};
  let stopReason: AnthropicStopReason | null = null;
  let responseModelId: string | undefined;
  let providerRequestId = context.providerRequestId;
  let answeredWithStructuredOutput = false;
  let finished = false;

  for await (const message of events) {
    // Events after message_stop are read but ignored: reading the body to its end lets the
    // connection go back to the keep-alive pool.
    if (finished) continue;
    const event = parseEvent(message, context);
    switch (event.type) {
      case 'message_start':
        mergeUsage(usage, event.message.usage);
        responseModelId = event.message.model;
        providerRequestId ??= event.message.id;
        break;
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'text') {
          blocks.set(event.index, { kind: 'text' });
          if (block.text !== '' && context.structuredOutputToolName === undefined) yield { type: 'text-delta', text: block.text };
        } else if (block.type === 'tool_use' && block.name === context.structuredOutputToolName) {
          blocks.set(event.index, { kind: 'structured-answer', json: '' });
        } else if (block.type === 'tool_use') {
          blocks.set(event.index, { kind: 'tool-call', id: block.id, name: block.name, json: '' });
        } else {
          blocks.set(event.index, { kind: 'ignored' });
        }
        break;
      }
      case 'content_block_delta': {
        const block = blocks.get(event.index);
        const delta = event.delta;
        if (delta.type === 'text_delta' && block?.kind === 'text' && delta.text !== '' && context.structuredOutputToolName === undefined) {
          yield { type: 'text-delta', text: delta.text };
        } else if (delta.type === 'input_json_delta' && (block?.kind === 'tool-call' || block?.kind === 'structured-answer')) {
          block.json += delta.partial_json;
          if (block.kind === 'structured-answer' && delta.partial_json !== '') yield { type: 'text-delta', text: delta.partial_json };
        }
        break;
      }
      case 'content_block_stop': {
        const block = blocks.get(event.index);
        blocks.delete(event.index);
        if (block?.kind === 'tool-call') {
          yield { type: 'tool-call', toolCall: { id: block.id, name: block.name, arguments: parseToolInput(block.json, context) } };
        } else if (block?.kind === 'structured-answer') {
          answeredWithStructuredOutput = true;
          // An empty input streams no fragment at all; the generated answer would be `{}`.
          if (block.json === '') yield { type: 'text-delta', text: '{}' };
        }
        break;
      }
      case 'message_delta':
        stopReason = event.delta.stop_reason ?? stopReason;
        mergeUsage(usage, event.usage);
        break;
      case 'message_stop':
        finished = true;
        yield finishPart(mapAnthropicUsage(usage), mapAnthropicFinishReason(stopReason, answeredWithStructuredOutput), responseModelId, providerRequestId);
        break;
      case 'error':
        throw streamErrorOf(event, context.provider, providerRequestId);
      default:
        // `ping` keeps the connection alive; event types added later are skipped, as Anthropic asks.
        break;
    }
  }
  if (!finished) {
    throw new ProviderError(`${context.provider} stream ended before message_stop: the answer is incomplete`, { kind: 'stream_cut', provider: context.provider, ...(providerRequestId === undefined ? {} : { providerRequestId }) });
  }
}

function parseEvent(message: EventSourceMessage, context: AnthropicAnswerContext): AnthropicStreamEvent {
  try {
    const event = JSON.parse(message.data) as AnthropicStreamEvent;
    if (typeof event === 'object' && event !== null) return typeof event.type === 'string' ? event : ({ ...(event as object), type: message.event } as AnthropicStreamEvent);
  } catch {
    // Reported below, with the provider's name.
  }
  throw new ProviderError(`${context.provider} sent a stream event that is not JSON (${message.event ?? 'message'})`, { kind: 'invalid_response', provider: context.provider });
}

function mergeUsage(target: Partial<AnthropicDeltaUsage>, update: Partial<AnthropicDeltaUsage> | undefined): void {
  if (update === undefined || update === null) return;
  if (typeof update.input_tokens === 'number') target.input_tokens = update.input_tokens;
  if (typeof update.output_tokens === 'number') target.output_tokens = update.output_tokens;
  if (typeof update.cache_read_input_tokens === 'number') target.cache_read_input_tokens = update.cache_read_input_tokens;
  if (typeof update.cache_creation_input_tokens === 'number') target.cache_creation_input_tokens = update.cache_creation_input_tokens;
}

function parseToolInput(json: string, context: AnthropicAnswerContext): unknown {
  // A tool without parameters streams no input fragment at all.
  if (json.trim() === '') return {};
  try {
    return JSON.parse(json);
  } catch {
    throw new ProviderError(`${context.provider} streamed tool input that is not JSON`, { kind: 'invalid_response', provider: context.provider });
  }
}

function finishPart(usage: LanguageModelUsage, finishReason: FinishReason, responseModelId: string | undefined, providerRequestId: string | undefined): LanguageModelStreamPart {
  return {
    type: 'finish',
    usage,
    finishReason,
    ...(responseModelId === undefined ? {} : { responseModelId }),
    ...(providerRequestId === undefined ? {} : { providerRequestId }),
  };
}

/** A mid-stream `error` event: the answer so far is incomplete, and an overload means "slow down". */
function streamErrorOf(event: AnthropicErrorBody, provider: string, providerRequestId: string | undefined): ProviderError {
  const type = event.error?.type ?? 'unknown_error';
  const rateLimited = type === 'overloaded_error' || type === 'rate_limit_error';
  return new ProviderError(redactSecrets(`${provider} stream failed with ${type}: ${event.error?.message ?? 'no message'}`), {
    kind: rateLimited ? 'rate_limited' : 'server_error',
    provider,
    ...(providerRequestId === undefined ? {} : { providerRequestId }),
  });
}
