/**
 * The model port (DESIGN.md, "LLM gateway"): every provider is two methods over one request shape
 * with normalized usage. The gateway's wrappers (budget, rate limit, circuit breaker, retry,
 * failover, ledger) take a `LanguageModel` and return one, composed in `create-gateway.ts`; nodes
 * receive the composed model through their context.
 */
export interface LanguageModel {
  /** The provider's configured name (`openai`, `anthropic`, `openai-compatible`, `builtin`, or a custom name). */
  readonly provider: string;
  readonly modelId: string;
  /** The price table's provider for this model when its name differs (a second OpenAI endpoint named `openai-eu`). */
  readonly pricedAs?: string;
  doGenerate(request: LanguageModelRequest): Promise<LanguageModelResult>;
  /**
   * Resolves once the provider accepted the request (status 2xx and headers read): an error before
   * that rejects, which is when a failover may still try another provider. Errors after it are
   * thrown by the iterator; a stream that ends without a `finish` part was cut.
   */
  doStream(request: LanguageModelRequest): Promise<AsyncIterable<LanguageModelStreamPart>>;
}

/** A chat message; tool results answer a tool call by id. */
export type LanguageModelMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ToolCall {
  id: string;
  name: string;
  /** The parsed JSON arguments. */
  arguments: unknown;
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON schema of the arguments. */
  parameters: Record<string, unknown>;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export interface LanguageModelRequest {
  messages: LanguageModelMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** JSON schema the answer must follow (structured output). */
  responseSchema?: Record<string, unknown>;
  /** A name for the schema (OpenAI requires one); defaults to `answer`. */
  responseSchemaName?: string;
  /** Whether the provider must follow the schema exactly (OpenAI's `strict`); default true. */
  responseSchemaStrict?: boolean;
  /**
   * Whether the provider may cache the prompt's stable prefix (system prompt and tools). Anthropic
   * needs explicit `cache_control` markers for it; OpenAI caches automatically. Default true.
   */
  promptCaching?: boolean;
  /** An end-user id the provider may use for abuse monitoring (OpenAI `user`, Anthropic `metadata.user_id`). */
  endUserId?: string;
  signal?: AbortSignal;
}

/**
 * Token usage, normalized across providers: `inputTokens` excludes cache reads and writes (OpenAI's
 * `prompt_tokens` includes cached tokens; Anthropic's `input_tokens` does not), so each token is
 * counted and priced exactly once. `reasoningTokens` are part of `outputTokens` (as OpenAI reports
 * them) and shown for information only.
 */
export interface LanguageModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface LanguageModelResult {
  text: string;
  toolCalls: ToolCall[];
  usage: LanguageModelUsage;
  finishReason: FinishReason;
  /** The model the provider says answered (may be a dated snapshot of `modelId`). */
  responseModelId?: string;
  providerRequestId?: string;
}

/** A piece of a streamed answer; a stream that ends without `finish` was cut and is an error. */
export type LanguageModelStreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call'; toolCall: ToolCall }
  | { type: 'finish'; usage: LanguageModelUsage; finishReason: FinishReason; responseModelId?: string; providerRequestId?: string };

/** Usage with every count zero. */
export const emptyUsage: LanguageModelUsage = Object.freeze({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
