/**
 * The part of OpenAI's Chat Completions wire format Agent Bus uses, shared by the provider (which
 * writes requests and reads answers) and the mock server (which does the opposite), so both sides
 * agree by construction. OpenAI-compatible servers (Ollama, vLLM, llama.cpp, LM Studio) speak the
 * same shapes with fewer optional fields.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */

export type OpenAiMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAiToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  /** `arguments` is a JSON-encoded string, not an object. */
  function: { name: string; arguments: string };
}

export interface OpenAiTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export type OpenAiToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export interface OpenAiResponseFormat {
  type: 'json_schema';
  json_schema: { name: string; schema: Record<string, unknown>; strict: boolean };
}

export interface OpenAiChatRequest {
  model: string;
  messages: OpenAiMessage[];
  /** OpenAI's current name for the output limit (reasoning models reject `max_tokens`). */
  max_completion_tokens?: number;
  /** The older name, the only one most OpenAI-compatible servers know. */
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  tools?: OpenAiTool[];
  tool_choice?: OpenAiToolChoice;
  response_format?: OpenAiResponseFormat;
  user?: string;
  stream?: boolean;
  /** Without `include_usage`, a stream carries no token counts at all. */
  stream_options?: { include_usage: boolean };
}

/** `prompt_tokens` includes `cached_tokens`; `completion_tokens` includes `reasoning_tokens`. */
export interface OpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: {
    cached_tokens?: number;
    /**
     * Not sent by OpenAI (whose cache writes cost the same as input); OpenRouter reports them here,
     * also included in `prompt_tokens`.
     * @see https://openrouter.ai/docs/use-cases/usage-accounting
     */
    cache_write_tokens?: number;
    audio_tokens?: number;
  } | null;
  completion_tokens_details?: {
    reasoning_tokens?: number;
    audio_tokens?: number;
    accepted_prediction_tokens?: number;
    rejected_prediction_tokens?: number;
  } | null;
}

/** OpenAI's finish reasons; compatible servers may send others, which map to `other`. */
export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls' | 'function_call' | 'content_filter';

export interface OpenAiChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint?: string | null;
  choices: {
    index: number;
    message: { role: 'assistant'; content: string | null; refusal?: string | null; tool_calls?: OpenAiToolCall[] };
    logprobs?: null;
    finish_reason: string | null;
  }[];
  usage?: OpenAiUsage;
}

/** A fragment of a tool call: `id` and `name` come in its first fragment, `arguments` in pieces after. */
export interface OpenAiToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/**
 * One `data:` line of a stream. The usage chunk (when asked for with `stream_options`) comes after
 * the chunk with the finish reason and has no choices; then `data: [DONE]` ends the stream.
 */
export interface OpenAiChatChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  system_fingerprint?: string | null;
  choices: {
    index: number;
    delta: { role?: 'assistant'; content?: string | null; refusal?: string | null; tool_calls?: OpenAiToolCallDelta[] };
    logprobs?: null;
    finish_reason: string | null;
  }[];
  usage?: OpenAiUsage | null;
  /** A failure after the stream started (OpenAI and vLLM send it as an ordinary data line). */
  error?: OpenAiErrorBody['error'];
}

/** The body of every OpenAI error response. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
