import { AppError } from '../core/app-error.js';
import { isProviderError } from './provider-error.js';
import { ProviderUnavailableError } from './resilience/breaker-registry.js';

/**
 * A failure after a stream's first part reached the caller: nothing was retried or failed over (the
 * caller has part of an answer), so it names the provider that failed, not the chain.
 */
export function toStreamError(error: unknown): unknown {
  if (!isProviderError(error)) return error;
  if (error.kind === 'aborted') return toGatewayError(error);
  const code = error.kind === 'rate_limited' ? 'UPSTREAM_RATE_LIMITED' : 'UPSTREAM_UNAVAILABLE';
  return new AppError(code, `${error.provider} failed after the answer started: ${error.message}`, { provider: error.provider, kind: error.kind }, { cause: error });
}

export function toGatewayError(error: unknown): unknown {
  if (error instanceof ProviderUnavailableError) return new AppError('UPSTREAM_UNAVAILABLE', `Every provider in the chain is unavailable (${error.message}).`);
  if (!isProviderError(error)) return error;
  if (error.kind === 'bad_request') {
    // The request itself was refused: another provider would refuse it too, and it is the caller's to fix.
    return new AppError('VALIDATION_FAILED', `${error.provider} refused the request: ${error.message}`, { provider: error.provider, kind: error.kind, ...(error.status === undefined ? {} : { status: error.status }) }, { cause: error });
  }
  if (error.kind === 'aborted') return new AppError('REQUEST_ABORTED', `The caller stopped the call to ${error.provider}.`, { provider: error.provider }, { cause: error });
  const code = error.kind === 'rate_limited' ? 'UPSTREAM_RATE_LIMITED' : 'UPSTREAM_UNAVAILABLE';
  const details = { provider: error.provider, kind: error.kind, ...(error.status === undefined ? {} : { status: error.status }), ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) };
  return new AppError(code, `Every provider failed; the last: ${error.message}`, details, { cause: error });
}
