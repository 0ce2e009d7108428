import type { FinishReason, LanguageModelResult, LanguageModelUsage, ToolCall } from '../../language-model.js';
import { ProviderError } from '../../provider-error.js';
import type { AnthropicDeltaUsage, AnthropicMessagesResponse, AnthropicStopReason } from './anthropic-wire.js';

/** What reading an answer needs besides its body. */
export interface AnthropicAnswerContext {
  provider: string;
  /** From the `request-id` header; the message id stands in when it is missing. */
  providerRequestId: string | undefined;
  /** The forced structured-output tool (`AnthropicRequestPlan`), whose input is the answer's text. */
  structuredOutputToolName: string | undefined;
}

/**
 * Reads a Messages API JSON answer: text blocks joined, `tool_use` blocks as tool calls (or, for
 * the forced structured-output tool, its input as the JSON text), usage normalized.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function parseAnthropicResponse(json: unknown, context: AnthropicAnswerContext): LanguageModelResult {
  if (!isMessagesResponse(json)) throw new ProviderError(`${context.provider} answered with something that is not a message`, { kind: 'invalid_response', provider: context.provider, ...requestIdOf(context) });
  let text = '';
  let structuredAnswer: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const block of json.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use' && block.name === context.structuredOutputToolName) structuredAnswer = JSON.stringify(block.input ?? {});
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: block.input ?? {} });
  }
  const result: LanguageModelResult = {
    // A forced tool call has no text beside it; if the model wrote some anyway, the JSON alone is the answer.
    text: structuredAnswer ?? text,
    toolCalls,
    usage: mapAnthropicUsage(json.usage),
    finishReason: mapAnthropicFinishReason(json.stop_reason, structuredAnswer !== undefined),
  };
  if (typeof json.model === 'string') result.responseModelId = json.model;
  const providerRequestId = context.providerRequestId ?? (typeof json.id === 'string' ? json.id : undefined);
  if (providerRequestId !== undefined) result.providerRequestId = providerRequestId;
  return result;
}

/**
 * Normalizes Anthropic's usage. Its `input_tokens` already excludes the cached prefix, so the
 * three input counts are disjoint and pass through unchanged. Thinking tokens are not reported
 * apart from the output.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function mapAnthropicUsage(usage: Partial<AnthropicDeltaUsage> | undefined): LanguageModelUsage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    cacheReadTokens: usage?.cache_read_input_tokens ?? 0,
    cacheWriteTokens: usage?.cache_creation_input_tokens ?? 0,
    reasoningTokens: 0,
  };
}

/**
 * Maps Anthropic's `stop_reason`. A stop for the forced structured-output tool is a normal end of
 * the answer, not a request to run a tool.
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function mapAnthropicFinishReason(stopReason: AnthropicStopReason | null | undefined, answeredWithStructuredOutput: boolean): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      // The context window rather than max_tokens cut the answer: still a length limit.
      return 'length';
    case 'tool_use':
      return answeredWithStructuredOutput ? 'stop' : 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

function isMessagesResponse(json: unknown): json is AnthropicMessagesResponse {
  const candidate = json as Partial<AnthropicMessagesResponse> | null;
  return typeof candidate === 'object' && candidate !== null && Array.isArray(candidate.content) && typeof candidate.usage === 'object' && candidate.usage !== null;
}

function requestIdOf(context: AnthropicAnswerContext): { providerRequestId?: string } {
  return context.providerRequestId === undefined ? {} : { providerRequestId: context.providerRequestId };
}
