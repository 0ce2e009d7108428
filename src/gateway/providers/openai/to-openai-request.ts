import type { LanguageModelMessage, LanguageModelRequest, ToolChoice } from '../../language-model.js';
import type { OpenAiChatRequest, OpenAiMessage, OpenAiToolChoice } from './openai-wire.js';

export interface OpenAiRequestOptions {
  modelId: string;
  /** OpenAI wants `max_completion_tokens`; most compatible servers know only `max_tokens`. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  stream: boolean;
}

/**
 * Converts a model-port request to a Chat Completions body. `promptCaching` needs no field: OpenAI
 * caches a prompt's stable prefix automatically.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function toOpenAiRequest(request: LanguageModelRequest, options: OpenAiRequestOptions): OpenAiChatRequest {
  const body: OpenAiChatRequest = { model: options.modelId, messages: request.messages.map(toOpenAiMessage) };
  if (request.maxOutputTokens !== undefined) body[options.maxTokensField] = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
    // OpenAI rejects tool_choice without tools, so it is only sent alongside them.
    if (request.toolChoice !== undefined) body.tool_choice = toOpenAiToolChoice(request.toolChoice);
  }
  if (request.responseSchema !== undefined) {
    body.response_format = { type: 'json_schema', json_schema: { name: request.responseSchemaName ?? 'answer', schema: request.responseSchema, strict: request.responseSchemaStrict ?? true } };
  }
  if (request.endUserId !== undefined) body.user = request.endUserId;
  if (options.stream) {
    body.stream = true;
    // Without this a stream reports no usage, and the budget and ledger would see zero tokens.
    body.stream_options = { include_usage: true };
  }
  return body;
}

function toOpenAiMessage(message: LanguageModelMessage): OpenAiMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant': {
      if (message.toolCalls === undefined || message.toolCalls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: message.content,
        tool_calls: message.toolCalls.map((toolCall) => ({
          id: toolCall.id,
          type: 'function',
          function: { name: toolCall.name, arguments: JSON.stringify(toolCall.arguments ?? {}) },
        })),
      };
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function toOpenAiToolChoice(choice: ToolChoice): OpenAiToolChoice {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}
