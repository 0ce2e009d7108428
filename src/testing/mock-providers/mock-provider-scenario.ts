/**
 * What a mock provider server does with one request. Every mock (OpenAI, Anthropic) speaks its
 * provider's real wire format for each scenario, so providers are tested against the bytes the real
 * services send: JSON bodies, SSE streams with usage chunks, error bodies and headers.
 */
export type MockProviderScenario =
  /** A normal answer; as JSON, or as a stream when the request asked for one. */
  | {
      kind: 'reply';
      text?: string;
      toolCalls?: { id: string; name: string; arguments: Record<string, unknown> }[];
      /** Normalized counts; each mock encodes them in its provider's convention (OpenAI's prompt_tokens include cached tokens, Anthropic's input_tokens do not). */
      usage?: MockUsage;
      finishReason?: 'stop' | 'length' | 'tool-calls';
      /** The model name the response reports; defaults to the requested one. */
      model?: string;
      /** Wait before sending headers. */
      delayMs?: number;
      /** Streams: wait between parts. */
      partDelayMs?: number;
    }
  /** An error answer with the provider's error body; `retryAfterSeconds` sets `Retry-After` (and OpenAI's `retry-after-ms`). */
  | { kind: 'error'; status: number; message?: string; retryAfterSeconds?: number }
  /** Accept the request and never answer: the client's request timeout must fire. */
  | { kind: 'no-response' }
  /** Destroy the socket before any response: a network error. */
  | { kind: 'reset' }
  /** Streams: send headers and the first `afterParts` parts, then nothing with the socket held open. */
  | { kind: 'stall'; afterParts: number; text?: string }
  /** Streams: send headers and the first `afterParts` parts, then destroy the socket. */
  | { kind: 'cut'; afterParts: number; text?: string }
  /** Streams: send the first `afterParts` parts and end the response cleanly without the final event(s). */
  | { kind: 'end-early'; afterParts: number; text?: string };

export interface MockUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

/** A request the mock received. */
export interface RecordedProviderRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Whether the client closed the connection before the mock finished answering (an abort). */
  closedEarly: boolean;
}

/** A running mock provider on loopback. */
export interface MockProviderServer {
  /** The base URL a provider is configured with (OpenAI: `…/v1`; Anthropic: the origin). */
  readonly baseUrl: string;
  /** Scenarios for the next requests, first in first out; when none is queued, `fallback` answers. */
  enqueue(...scenarios: MockProviderScenario[]): void;
  /** What answers when the queue is empty (default: a reply echoing the last user message). */
  setFallback(scenario: MockProviderScenario | undefined): void;
  readonly requests: RecordedProviderRequest[];
  close(): Promise<void>;
}

/** The text the mocks answer with when a scenario gives none: derived from the request, so it is deterministic. */
export function defaultReplyText(lastUserMessage: string): string {
  return `You said: ${lastUserMessage.slice(0, 200)}`;
}

/** Splits a text into the parts a stream sends (about four characters each, like tokens). */
export function splitIntoParts(text: string): string[] {
  const parts: string[] = [];
  for (let index = 0; index < text.length; index += 4) parts.push(text.slice(index, index + 4));
  return parts;
}
