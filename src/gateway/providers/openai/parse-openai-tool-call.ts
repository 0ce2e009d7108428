import type { ToolCall } from '../../language-model.js';
import { ProviderError } from '../../provider-error.js';

/** A tool call as the wire carries it: the arguments still a JSON string. */
export interface OpenAiToolCallText {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Parses a tool call's JSON-string arguments. Invalid JSON is an `invalid_response`: the model
 * produced something no tool can run, so handing it on would only fail later and less clearly.
 * An empty string means no arguments (some compatible servers send it instead of `{}`).
 */
export function parseOpenAiToolCall(toolCall: OpenAiToolCallText, provider: string, providerRequestId: string | undefined): ToolCall {
  const text = toolCall.arguments.trim();
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new ProviderError(`${provider} returned tool call ${toolCall.name} (${toolCall.id}) with arguments that are not valid JSON`, {
      kind: 'invalid_response',
      provider,
      cause: error,
      ...(providerRequestId ? { providerRequestId } : {}),
    });
  }
  return { id: toolCall.id, name: toolCall.name, arguments: parsed };
}
