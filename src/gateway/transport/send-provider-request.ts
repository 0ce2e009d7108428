import { Agent, type Dispatcher } from 'undici';
import { redactSecrets } from '../../core/redact-secrets.js';
import { ProviderError, providerErrorKindOf, type ProviderErrorKind } from '../provider-error.js';
import { parseRetryAfter } from './parse-retry-after.js';

/** One HTTP call to a provider. */
export interface ProviderHttpRequest {
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal;
  /** No response headers within this → `timeout`. */
  timeoutMs: number;
  /** For streams: no body bytes (data or keep-alive) within this → `stream_stalled`. */
  stallTimeoutMs?: number;
  /** The header that carries the provider's request id (`x-request-id`, `request-id`). */
  requestIdHeader: string;
}

/** A 2xx response whose body the provider reads (JSON or an event stream). */
export interface ProviderHttpResponse {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  body: Dispatcher.ResponseData['body'];
  providerRequestId: string | undefined;
}

// One keep-alive pool for every provider call of the process: connection set-up is the largest
// fixed cost of a call to a nearby server. undici's `request` is several times cheaper per call
// than `fetch` (no WHATWG streams), which matters for the gateway's overhead budget.
const sharedDispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256, pipelining: 1 });

/**
 * Each provider URL split into origin and path once: undici's `request(url)` parses the URL on
 * every call (1.5 % of a busy gateway's CPU). Keyed by the configured URLs, so it stays small.
 */
const splitUrls = new Map<string, { origin: string; path: string }>();

function splitUrl(url: string): { origin: string; path: string } {
  let split = splitUrls.get(url);
  if (split === undefined) {
    const parsed = new URL(url);
    split = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    splitUrls.set(url, split);
  }
  return split;
}

/** The longest error body read from a failed response (only its message is kept). */
const maxErrorBodyBytes = 64 * 1024;

/**
 * POSTs JSON to a provider and returns the open response when it is 2xx. Everything else becomes a
 * {@link ProviderError} with the provider's own message (keys redacted), its request id and
 * `Retry-After`; connection failures and timeouts too. The caller's abort reaches the socket.
 */
export async function sendProviderRequest(call: ProviderHttpRequest, dispatcher: Dispatcher = sharedDispatcher): Promise<ProviderHttpResponse> {
  let response: Dispatcher.ResponseData;
  try {
    response = await dispatcher.request({
      ...splitUrl(call.url),
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...call.headers },
      body: JSON.stringify(call.body),
      headersTimeout: call.timeoutMs,
      // undici's body timeout is the longest gap between two body chunks: exactly a stall.
      bodyTimeout: call.stallTimeoutMs ?? call.timeoutMs,
      ...(call.signal ? { signal: call.signal } : {}),
    });
  } catch (error) {
    throw toProviderError(error, call.provider, call.signal);
  }
  const providerRequestId = headerValue(response.headers[call.requestIdHeader]);
  if (response.statusCode >= 200 && response.statusCode < 300) {
    return { status: response.statusCode, headers: response.headers, body: response.body, providerRequestId };
  }
  const detail = await readErrorMessage(response.body).catch(() => undefined);
  const kind = providerErrorKindOf(response.statusCode);
  const retryAfterMs = parseRetryAfter(response.headers);
  throw new ProviderError(`${call.provider} answered HTTP ${response.statusCode}${detail ? `: ${detail}` : ''}`, {
    kind,
    provider: call.provider,
    status: response.statusCode,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(providerRequestId ? { providerRequestId } : {}),
  });
}

/** Maps a transport failure (undici's error codes, the caller's abort) to a provider error. */
export function toProviderError(error: unknown, provider: string, signal: AbortSignal | undefined, during: 'request' | 'stream' = 'request'): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal?.aborted) return new ProviderError(`${provider} call aborted`, { kind: 'aborted', provider, cause: signal.reason });
  const code = (error as { code?: string }).code;
  const kinds: Record<string, ProviderErrorKind> = {
    UND_ERR_HEADERS_TIMEOUT: 'timeout',
    UND_ERR_CONNECT_TIMEOUT: 'timeout',
    UND_ERR_BODY_TIMEOUT: during === 'stream' ? 'stream_stalled' : 'timeout',
  };
  const kind: ProviderErrorKind = (code === undefined ? undefined : kinds[code]) ?? (during === 'stream' ? 'stream_cut' : 'network');
  const message = error instanceof Error ? error.message : String(error);
  const what = { timeout: 'timed out', stream_stalled: 'stream stalled', stream_cut: 'stream was cut', network: 'could not be reached' }[kind as 'timeout' | 'stream_stalled' | 'stream_cut' | 'network'];
  return new ProviderError(redactSecrets(`${provider} ${what}${code ? ` (${code})` : ''}: ${message}`), { kind, provider, cause: error });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The provider's error message (`{"error":{"message":…}}` for OpenAI and Anthropic), shortened. */
async function readErrorMessage(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  let received = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxErrorBodyBytes) {
      body.destroy();
      break;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let message: unknown;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
  } catch {
    message = text;
  }
  if (typeof message !== 'string' || message.trim() === '') return undefined;
  const single = redactSecrets(message.replace(/\s+/g, ' ').trim());
  return single.length > 300 ? `${single.slice(0, 300)}…` : single;
}
