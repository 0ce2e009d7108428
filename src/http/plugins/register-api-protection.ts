import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/app-error.js';
import { computeSecurityHeaders } from './security-headers.js';

export interface ApiProtection {
  /** Requests a minute per API key or user (per IP before authentication), in this process; 0: no limit. */
  requestsPerMinute: number;
  /** Browser origins allowed to call the API; empty: same origin only. */
  corsOrigins: readonly string[];
}

export const defaultApiProtection: ApiProtection = { requestsPerMinute: 600, corsOrigins: [] };

/** Sign-in attempts a minute per client address: slows password guessing to a crawl. */
export const signInAttemptsPerMinute = 10;

/**
 * Security headers on every response (helmet's choice, computed once: no sniffing, no framing, a
 * same-origin content policy, HSTS), CORS for the configured origins only, and a request rate limit per caller
 * (a 429 in the one error shape, with Retry-After). Counted after authentication, so a key's
 * limit follows the key across addresses; the OpenAI-compatible endpoint is left to the
 * gateway's own per-tenant and per-user LLM limits.
 */
export async function registerApiProtection(app: FastifyInstance, protection: ApiProtection): Promise<void> {
  const securityHeaders = computeSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Swagger UI sets inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: protection.corsOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaders);
    done();
  });
  if (protection.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: [...protection.corsOrigins],
      methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'last-event-id', 'x-api-key', 'x-request-id', 'x-agentbus-project'],
      exposedHeaders: ['x-request-id', 'retry-after', 'location', 'x-agentbus-provider', 'x-agentbus-model', 'x-agentbus-attempts', 'x-agentbus-cost-micros', 'x-agentbus-overhead-ms'],
      maxAge: 600,
    });
  }
  if (protection.requestsPerMinute <= 0) return;
  await app.register(rateLimit, {
    global: true,
    max: protection.requestsPerMinute,
    timeWindow: 60_000,
    hook: 'preHandler',
    keyGenerator: (request) => (request.principal && request.principal.kind !== 'local' ? `${request.principal.kind}:${request.principal.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `Too many requests: at most ${context.max} a minute per API key; retry in ${Math.ceil(context.ttl / 1000)} s.`, { limit: context.max, retryAfterMs: context.ttl }),
  });
}
