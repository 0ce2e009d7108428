import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/**
 * `/metrics` in Prometheus's text format, for scraping. Public, as scrapers expect: the series carry
 * providers, models, statuses and counts, never a tenant, a prompt or a key.
 */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', { config: { permission: 'public', rateLimit: false }, schema: { hide: true } }, async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
