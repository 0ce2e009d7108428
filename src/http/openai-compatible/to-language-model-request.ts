import type { ChatCompletionRequest, ChatMessage } from '../../contracts/openai-chat-completions.js';
import { AppError } from '../../core/app-error.js';
import type { LanguageModelMessage, LanguageModelRequest } from '../../gateway/language-model.js';

/** Translates an OpenAI Chat Completions request into the gateway's model request. */
export function toLanguageModelRequest(body: ChatCompletionRequest, signal: AbortSignal): LanguageModelRequest {
  const maxOutputTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  const request: LanguageModelRequest = { messages: body.messages.map((message, index) => toMessage(message, index)), signal };
  if (maxOutputTokens !== undefined) request.maxOutputTokens = maxOutputTokens;
  if (body.temperature !== null && body.temperature !== undefined) request.temperature = body.temperature;
  if (body.top_p !== null && body.top_p !== undefined) request.topP = body.top_p;
  if (body.stop !== null && body.stop !== undefined) request.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (body.user !== undefined) request.endUserId = body.user;
  if (body.tools !== undefined && body.tools.length > 0) {
    request.tools = body.tools.map((tool) => ({ name: tool.function.name, description: tool.function.description ?? '', parameters: tool.function.parameters ?? { type: 'object', properties: {} } }));
  }
  if (body.tool_choice !== undefined) request.toolChoice = typeof body.tool_choice === 'string' ? body.tool_choice : { name: body.tool_choice.function.name };
  if (body.response_format?.type === 'json_schema') {
    request.responseSchema = body.response_format.json_schema.schema ?? { type: 'object' };
    request.responseSchemaName = body.response_format.json_schema.name;
    // OpenAI's default is not strict; a client that asks for strict gets it.
    request.responseSchemaStrict = body.response_format.json_schema.strict === true;
  }
  return request;
}

function toMessage(message: ChatMessage, index: number): LanguageModelMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(message.content) };
    case 'user':
      return { role: 'user', content: textOf(message.content) };
    case 'tool':
      return { role: 'tool', toolCallId: message.tool_call_id, content: textOf(message.content) };
    case 'assistant': {
      const toolCalls = message.tool_calls?.map((call, callIndex) => ({ id: call.id, name: call.function.name, arguments: parseArguments(call.function.arguments, `messages.${index}.tool_calls.${callIndex}.function.arguments`) }));
      return { role: 'assistant', content: message.content === null || message.content === undefined ? '' : textOf(message.content), ...(toolCalls && toolCalls.length > 0 ? { toolCalls } : {}) };
    }
  }
}

function textOf(content: string | { type: 'text'; text: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function parseArguments(text: string, field: string): unknown {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new AppError('VALIDATION_FAILED', `${field} is not valid JSON.`, { field: `body.${field}` });
  }
}
