import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { AppError } from '../../core/app-error.js';
import { runIdParamsSchema } from '../../contracts/run.js';
import { findRun } from '../../store/runs/find-run.js';
import type { AppDependencies } from '../app-dependencies.js';
import { scopeOf } from '../scope-of.js';
import { streamRunEvents } from '../sse/run-event-stream.js';

const lastEventIdSchema = z.coerce.number().int().min(-1).max(2_147_483_647);

/** `GET /runs/:id/stream`: the run's events as Server-Sent Events, resumable with `Last-Event-ID`. */
export function registerRunStreamRoute(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // A hijacked SSE response never becomes idle, so `app.close()` would wait for every watching
  // client to leave. End open streams first; clients reconnect with Last-Event-ID elsewhere.
  const openStreams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of openStreams) stream.end();
  });
  routes.get(
    '/api/v1/runs/:id/stream',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['runs'],
        summary: "Stream a run's events (SSE)",
        description:
          'Each event is sent with `id: <seq>`. Reconnect with `Last-Event-ID: <seq>` (or `?lastEventId=`) to receive exactly the events after it, then live ones. ' +
          '`-1` or `0` replays everything. A `: heartbeat` comment keeps idle connections open; the stream ends after `run-ended`.',
        params: runIdParamsSchema,
        headers: z.looseObject({ 'last-event-id': z.string().max(20).optional() }),
        querystring: z.strictObject({ lastEventId: z.string().max(20).optional() }),
        response: { 400: errorResponseSchema, 404: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const rawLastEventId = request.headers['last-event-id'] ?? request.query.lastEventId ?? '0';
      const parsed = lastEventIdSchema.safeParse(rawLastEventId.trim() === '' ? '0' : rawLastEventId);
      if (!parsed.success) {
        throw new AppError('VALIDATION_FAILED', `Last-Event-ID must be an event seq (an integer), got "${rawLastEventId}".`, { field: 'headers.last-event-id' });
      }
      const run = await dependencies.tenantDatabase.read(request.principal.tenantId, (database) => findRun(database, request.params.id, scopeOf(request.principal)));
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'content-location': `/api/v1/runs/${run.id}`,
        'x-request-id': request.id,
      });
      openStreams.add(reply.raw);
      reply.raw.once('close', () => openStreams.delete(reply.raw));
      await streamRunEvents(reply.raw, {
        pool: dependencies.pool,
        listener: dependencies.listener,
        runId: run.id,
        afterSeq: Math.max(0, parsed.data),
        heartbeatIntervalMs: dependencies.heartbeatIntervalMs,
      });
    },
  );
}
