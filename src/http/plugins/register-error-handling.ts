import type { FastifyInstance } from 'fastify';
import type { ErrorResponse } from '../../contracts/error-response.js';
import { AppError } from '../../core/app-error.js';
import { isRetryableCode } from '../../core/error-catalogue.js';
import { mapErrorToAppError } from './map-error-to-app-error.js';

/** Sends every error in the one catalogue shape and never leaks a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = mapErrorToAppError(error);
    if (appError.status >= 500) {
      request.log.error({ error: error, code: appError.code }, 'request failed');
    } else {
      request.log.info({ code: appError.code, message: appError.message }, 'request rejected');
    }
    const body: ErrorResponse = { error: { ...appError.toJSON(), requestId: request.id } };
    if (appError.code === 'SERVICE_UNAVAILABLE') {
      void reply.header('retry-after', '1');
    }
    const retryAfterMs = appError.details?.['retryAfterMs'];
    if (typeof retryAfterMs === 'number' && appError.status === 429) {
      void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    }
    // OpenAI's SDKs retry 429s and 5xx unless told not to; a retry after these cannot succeed sooner.
    if (!isRetryableCode(appError.code)) void reply.header('x-should-retry', 'false');
    return reply.code(appError.status).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('ROUTE_NOT_FOUND', `No endpoint matches ${request.method} ${request.url.split('?')[0] ?? ''}.`);
    const body: ErrorResponse = { error: { ...error.toJSON(), requestId: request.id } };
    return reply.code(404).send(body);
  });
}
