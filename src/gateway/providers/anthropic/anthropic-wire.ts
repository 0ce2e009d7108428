/**
 * The Anthropic Messages API wire format, as far as the gateway uses it: the request body, the JSON
 * response, the Server-Sent Events of a stream and the error body. The mock server speaks the same
 * types, so the two cannot drift apart.
 *
 * Plain types rather than zod schemas: responses are checked by hand where a wrong shape would
 * otherwise pass silently, which costs nothing per call (the gateway has an overhead budget).
 *
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */

/** Marks the end of a prompt prefix Anthropic may cache (the only kind is `ephemeral`, about five minutes). */
export interface AnthropicCacheControl {
  type: 'ephemeral';
}

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  /** Always a JSON object: Anthropic rejects other values. */
  input: Record<string, unknown>;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
}

/** A block the gateway does not use (extended thinking, server tools); parsers skip it. */
export interface AnthropicOtherBlock {
  type: 'thinking' | 'redacted_thinking' | 'server_tool_use' | 'web_search_tool_result';
}

export type AnthropicRequestContentBlock = AnthropicTextBlock | AnthropicToolUseBlock | AnthropicToolResultBlock;

export type AnthropicResponseContentBlock = AnthropicTextBlock | AnthropicToolUseBlock | AnthropicOtherBlock;

/** Roles must alternate, starting with `user`; tool results travel in user messages. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicRequestContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicToolChoice = { type: 'auto' } | { type: 'any' } | { type: 'none' } | { type: 'tool'; name: string };

export interface AnthropicMessagesRequest {
  model: string;
  /** Required by Anthropic, unlike OpenAI. */
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: AnthropicTextBlock[];
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  metadata?: { user_id: string };
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  stream?: boolean;
}

/** `input_tokens` excludes the cached prefix: the three input counts add up to the prompt. */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

export interface AnthropicMessagesResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

export type AnthropicContentDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'citations_delta'; citation: unknown };

/** The cumulative counts at the end of a stream; the input counts may be repeated, or null. */
export interface AnthropicDeltaUsage {
  output_tokens: number;
  input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/** The body of every non-2xx answer, and the data of a mid-stream `error` event. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}

/** One stream event; the SSE `event:` name repeats `type`. */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessagesResponse }
  | { type: 'content_block_start'; index: number; content_block: AnthropicResponseContentBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicContentDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null }; usage: AnthropicDeltaUsage }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | AnthropicErrorBody;
