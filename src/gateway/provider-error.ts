/**
 * How a provider call failed. The retry and failover wrappers decide from the kind alone; the
 * message is safe to log and show (it never carries a key or the prompt).
 */
export type ProviderErrorKind =
  /** 429 or the provider's overload answer (Anthropic 529): slow down, honour `retryAfterMs`. */
  | 'rate_limited'
  /** 5xx. */
  | 'server_error'
  /** No response headers within the request timeout. */
  | 'timeout'
  /** The connection failed or was reset before a response. */
  | 'network'
  /** A stream sent nothing (no data, no keep-alive) for longer than the stall timeout. */
  | 'stream_stalled'
  /** A stream ended without its final event: the answer is incomplete. */
  | 'stream_cut'
  /** 400, 404, 413, 422: the request itself is wrong; another attempt gets the same answer. */
  | 'bad_request'
  /** 401 or 403: the key is wrong or lacks access. */
  | 'authentication'
  /** The response could not be understood (not the provider's wire format). */
  | 'invalid_response'
  /** The caller's signal aborted the call. */
  | 'aborted';

const retryableKinds: ReadonlySet<ProviderErrorKind> = new Set(['rate_limited', 'server_error', 'timeout', 'network', 'stream_stalled', 'stream_cut']);

export interface ProviderErrorOptions {
  kind: ProviderErrorKind;
  provider: string;
  status?: number;
  /** From `Retry-After` / `retry-after-ms`, when the provider sent one. */
  retryAfterMs?: number;
  providerRequestId?: string;
  cause?: unknown;
}

export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly providerRequestId: string | undefined;

  constructor(message: string, options: ProviderErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind;
    this.provider = options.provider;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.providerRequestId = options.providerRequestId;
  }

  /** Whether the same call may succeed if tried again (here or on another provider). */
  get retryable(): boolean {
    return retryableKinds.has(this.kind);
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}

/** The error kind for an HTTP status a provider answered with. */
export function providerErrorKindOf(status: number): ProviderErrorKind {
  if (status === 429 || status === 529) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status === 401 || status === 403) return 'authentication';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}
