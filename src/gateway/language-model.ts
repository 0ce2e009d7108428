/**
 * The model port the LLM gateway fills (DESIGN.md, "LLM gateway"): a provider is two methods with
 * normalized usage. Budget, rate-limit, circuit-breaker, retry and failover wrappers are each
 * `withX(model, deps) => LanguageModel`, composed in one place. Nodes will receive a model through
 * their context; nothing implements this port yet.
 */
export interface LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  doGenerate(request: LanguageModelRequest): Promise<LanguageModelResult>;
  doStream(request: LanguageModelRequest): Promise<AsyncIterable<LanguageModelStreamPart>>;
}

/** A chat message; tool results answer a tool call by id. */
export type LanguageModelMessage =
  | { role: 'system' | 'user' | 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ToolCall {
  id: string;
  name: string;
  arguments: unknown;
}

export interface LanguageModelRequest {
  messages: LanguageModelMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  tools?: { name: string; description: string; parameters: Record<string, unknown> }[];
  /** JSON schema the answer must follow (structured output). */
  responseSchema?: Record<string, unknown>;
  signal?: AbortSignal;
}

/**
 * Token usage, normalized across providers: `inputTokens` excludes cache reads and writes
 * (OpenAI's prompt_tokens includes cached tokens; Anthropic's input_tokens does not).
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
  providerRequestId?: string;
}

/** A piece of a streamed answer; a stream that ends without `finish` was cut and is an error. */
export type LanguageModelStreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call'; toolCall: ToolCall }
  | { type: 'finish'; usage: LanguageModelUsage; finishReason: FinishReason; providerRequestId?: string };
