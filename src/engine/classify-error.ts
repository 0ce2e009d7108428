import { AppError, isAppError } from '../core/app-error.js';
import { redactSecrets } from '../core/redact-secrets.js';

/**
 * SQLSTATEs that usually pass on their own: connection failures (class 08), serialization and
 * deadlock failures (40001, 40P01), admin or crash shutdown (57P01–57P03), too many connections
 * (53300). @see https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const transientSqlStates = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300']);
const transientNetworkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/**
 * Maps anything a node threw to a catalogue error, deciding what is retryable: our own
 * `AppError`s keep their code; transient database and network failures are retryable; anything
 * else is a `NODE_FAILED` bug report (not retried: repeating a bug wastes attempts and money).
 */
export function classifyError(error: unknown): AppError {
  if (isAppError(error)) {
    return error;
  }
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  if (typeof code === 'string' && (transientSqlStates.has(code) || code.startsWith('08'))) {
    return new AppError('TRANSIENT_DATABASE_ERROR', `Database error ${code}: ${message}`, { sqlState: code });
  }
  if (typeof code === 'string' && transientNetworkCodes.has(code)) {
    return new AppError('UPSTREAM_UNAVAILABLE', `Network error ${code}: ${message}`, { errno: code });
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new AppError('NODE_TIMEOUT', message);
  }
  const name = error instanceof Error ? error.name : typeof error;
  return new AppError('NODE_FAILED', `${name}: ${message}`);
}
