import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, isAppError } from '../../core/app-error.js';
import { classifyError } from '../../engine/classify-error.js';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
  validation?: { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
}

/**
 * Maps anything a route or Fastify threw to a catalogue error. Client mistakes become 4xx errors
 * naming what was wrong; only our own bugs become `INTERNAL_ERROR`.
 */
export function mapErrorToAppError(error: unknown): AppError {
  if (isAppError(error)) {
    return error;
  }
  const fastifyError = (error ?? {}) as FastifyLikeError;
  if (hasZodFastifySchemaValidationErrors(error) || Array.isArray(fastifyError.validation)) {
    const location = fastifyError.validationContext ?? 'body';
    const issues = (fastifyError.validation ?? []).flatMap((issue) => {
      const path = (issue.instancePath ?? '').split('/').filter(Boolean);
      const unknownKeys = issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params?.keys) ? (issue.params.keys as string[]) : undefined;
      if (unknownKeys) {
        return unknownKeys.map((key) => ({ field: [location, ...path, key].join('.'), message: 'unknown field' }));
      }
      return [{ field: [location, ...path].join('.'), message: issue.message ?? 'invalid value' }];
    });
    const first = issues[0] ?? { field: location, message: 'invalid' };
    const summary = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
    return new AppError('VALIDATION_FAILED', `Invalid request: ${summary}`, { field: first.field, issues });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON', `The request body is not valid JSON: ${fastifyError.message ?? ''}`.trim(), { field: 'body' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts.', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.', { field: 'content-type' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('VALIDATION_FAILED', 'The Content-Length header does not match the body.', { field: 'content-length' });
    default:
      break;
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new AppError('INVALID_JSON', `The request body is not valid JSON: ${error.message}`, { field: 'body' });
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', fastifyError.message ?? 'The request is not valid.');
  }
  const classified = classifyError(error);
  if (classified.code === 'TRANSIENT_DATABASE_ERROR' || classified.code === 'UPSTREAM_UNAVAILABLE') {
    return new AppError('SERVICE_UNAVAILABLE', 'The database is unavailable right now; try again shortly.', undefined, { cause: error });
  }
  return new AppError('INTERNAL_ERROR', 'An unexpected error occurred; quote the request id when reporting it.', undefined, { cause: error });
}
