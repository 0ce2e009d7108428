import type { LanguageModelResult } from '../../language-model.js';
import { ProviderError } from '../../provider-error.js';
import { convertOpenAiUsage } from './convert-openai-usage.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import type { OpenAiChatResponse } from './openai-wire.js';
import { parseOpenAiToolCall } from './parse-openai-tool-call.js';

export interface OpenAiResponseContext {
  provider: string;
  /** From the `x-request-id` header; the body's `id` stands in when a server sends none. */
  providerRequestId: string | undefined;
}

/**
 * Converts a Chat Completions JSON answer to the port's result. Only the first choice is read:
 * the gateway never asks for more than one (`n` is not sent).
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function parseOpenAiResponse(body: unknown, context: OpenAiResponseContext): LanguageModelResult {
  const response = body as Partial<OpenAiChatResponse> | null;
  const choice = Array.isArray(response?.choices) ? response.choices[0] : undefined;
  const invalid = (what: string) =>
    new ProviderError(`${context.provider} answered with ${what}`, {
      kind: 'invalid_response',
      provider: context.provider,
      ...(context.providerRequestId ? { providerRequestId: context.providerRequestId } : {}),
    });
  if (typeof response !== 'object' || response === null || choice === undefined || typeof choice.message !== 'object' || choice.message === null) {
    throw invalid('a body that is not a chat completion');
  }
  const providerRequestId = context.providerRequestId ?? (typeof response.id === 'string' ? response.id : undefined);
  const toolCalls = (choice.message.tool_calls ?? []).map((toolCall) => {
    if (typeof toolCall?.function?.name !== 'string') throw invalid('a tool call without a function name');
    return parseOpenAiToolCall({ id: toolCall.id, name: toolCall.function.name, arguments: toolCall.function.arguments ?? '' }, context.provider, providerRequestId);
  });
  return {
    text: choice.message.content ?? '',
    toolCalls,
    usage: convertOpenAiUsage(response.usage),
    finishReason: mapOpenAiFinishReason(choice.finish_reason),
    ...(typeof response.model === 'string' ? { responseModelId: response.model } : {}),
    ...(providerRequestId ? { providerRequestId } : {}),
  };
}
