import type { LanguageModelMessage, LanguageModelRequest, ToolChoice } from '../../language-model.js';
import type { AnthropicMessage, AnthropicMessagesRequest, AnthropicRequestContentBlock, AnthropicTextBlock, AnthropicTool, AnthropicToolChoice } from './anthropic-wire.js';

/** Anthropic requires `max_tokens` on every request; this is what a request without a limit gets. */
export const defaultMaxTokens = 4096;

/** The forced tool's name when the request names no schema (OpenAI's default name too). */
const defaultResponseSchemaName = 'answer';

/** A Messages body, and what the parsers must know to read its answer. */
export interface AnthropicRequestPlan {
  body: AnthropicMessagesRequest;
  /**
   * The tool forced for structured output, when the request has a `responseSchema`: its input is
   * the answer (returned as text), never a tool call.
   */
  structuredOutputToolName: string | undefined;
}

/**
 * Converts a gateway request into a Messages API body: system messages become the top-level
 * `system` blocks, tool calls and results become `tool_use` / `tool_result` blocks, and the stable
 * prefix (tools, then system) is marked for prompt caching unless the request opts out.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
 */
export function toAnthropicRequest(request: LanguageModelRequest, modelId: string, stream: boolean): AnthropicRequestPlan {
  const system: AnthropicTextBlock[] = request.messages.flatMap((message) => (message.role === 'system' && hasText(message.content) ? [{ type: 'text' as const, text: message.content }] : []));
  const tools: AnthropicTool[] = (request.tools ?? []).map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters }));
  // Anthropic has no JSON-schema response format; a tool it must call, whose input schema is the
  // answer's schema, is the documented way to get JSON that follows a schema.
  const structuredOutputToolName = request.responseSchema === undefined ? undefined : (request.responseSchemaName ?? defaultResponseSchemaName);
  if (structuredOutputToolName !== undefined && request.responseSchema !== undefined) {
    tools.push({ name: structuredOutputToolName, description: 'Give your answer by calling this tool; its input is the answer.', input_schema: request.responseSchema });
  }
  if (request.promptCaching !== false) {
    // A breakpoint caches everything before it (tools, then system); two of the four allowed, so
    // callers keep two for their own. Prefixes below the model's minimum are simply not cached.
    markCacheBreakpoint(tools.at(-1));
    markCacheBreakpoint(system.at(-1));
  }

  const body: AnthropicMessagesRequest = {
    model: modelId,
    max_tokens: request.maxOutputTokens ?? defaultMaxTokens,
    messages: toAnthropicMessages(request.messages),
  };
  if (system.length > 0) body.system = system;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.endUserId !== undefined) body.metadata = { user_id: request.endUserId };
  if (tools.length > 0) {
    body.tools = tools;
    // Anthropic rejects a tool_choice without tools, so it is only sent alongside them.
    const toolChoice = structuredOutputToolName === undefined ? toAnthropicToolChoice(request.toolChoice) : { type: 'tool' as const, name: structuredOutputToolName };
    if (toolChoice !== undefined) body.tool_choice = toolChoice;
  }
  if (stream) body.stream = true;
  return { body, structuredOutputToolName };
}

function markCacheBreakpoint(block: AnthropicTextBlock | AnthropicTool | undefined): void {
  if (block !== undefined) block.cache_control = { type: 'ephemeral' };
}

function toAnthropicToolChoice(choice: ToolChoice | undefined): AnthropicToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  return { type: 'tool', name: choice.name };
}

/**
 * The conversation without system messages. Anthropic wants user and assistant turns to
 * alternate, so consecutive messages of one role (a tool result is a user turn) merge into one.
 */
function toAnthropicMessages(messages: LanguageModelMessage[]): AnthropicMessage[] {
  const converted: AnthropicMessage[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    const blocks = toContentBlocks(message);
    if (blocks.length === 0) continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const previous = converted.at(-1);
    if (previous?.role === role) previous.content.push(...blocks);
    else converted.push({ role, content: blocks });
  }
  // In a user turn, tool results must come before any text or Anthropic rejects the request.
  for (const message of converted) {
    if (message.role === 'user') message.content = [...message.content.filter((block) => block.type === 'tool_result'), ...message.content.filter((block) => block.type !== 'tool_result')];
  }
  return converted;
}

function toContentBlocks(message: Exclude<LanguageModelMessage, { role: 'system' }>): AnthropicRequestContentBlock[] {
  if (message.role === 'tool') return [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content }];
  // Anthropic rejects empty and whitespace-only text blocks (an assistant turn that only calls tools has '').
  const blocks: AnthropicRequestContentBlock[] = hasText(message.content) ? [{ type: 'text', text: message.content }] : [];
  if (message.role === 'assistant') {
    for (const call of message.toolCalls ?? []) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: toToolInput(call.arguments) });
  }
  return blocks;
}

function hasText(text: string): boolean {
  return text.trim() !== '';
}

/** A `tool_use` input must be a JSON object; arguments still in their JSON text are parsed. */
function toToolInput(callArguments: unknown): Record<string, unknown> {
  let value = callArguments;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
