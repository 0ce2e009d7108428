import { errorCatalogue, type ErrorCode } from './error-catalogue.js';

const appErrorMarker = Symbol.for('agentbus.app-error');

/** The serialized form of an error as it is stored in `runs.error`, `steps.error` and events. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * An error with a catalogue code. Recognised with {@link isAppError}, never by `instanceof`, so that
 * copies of this module loaded twice (CLI plus library, tests) still agree.
 */
export class AppError extends Error {
  readonly [appErrorMarker] = true;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  get retryable(): boolean {
    return errorCatalogue[this.code].retryable;
  }

  /** The form stored in the database and sent to clients. */
  toJSON(): SerializedError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Whether a value is an {@link AppError} (checked by marker, not by class identity). */
export function isAppError(value: unknown): value is AppError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[appErrorMarker] === true;
}
