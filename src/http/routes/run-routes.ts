import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { createRunRequestSchema, listRunsQuerySchema, runIdParamsSchema, runListSchema, runSchema } from '../../contracts/run.js';
import { listEventsQuerySchema, runEventListSchema } from '../../contracts/run-event.js';
import { stepListSchema } from '../../contracts/step.js';
import { isTerminalRunStatus } from '../../core/run-status.js';
import { createRun } from '../../engine/create-run.js';
import { listRunEvents } from '../../store/events/list-run-events.js';
import { cancelRun } from '../../store/runs/cancel-run.js';
import { findRun } from '../../store/runs/find-run.js';
import { listRuns } from '../../store/runs/list-runs.js';
import { mapRunRow } from '../../store/runs/map-run-row.js';
import { retryRun } from '../../store/runs/retry-run.js';
import { listSteps } from '../../store/steps/list-steps.js';
import type { AppDependencies } from '../app-dependencies.js';
import { scopeOf } from '../scope-of.js';

const idempotencyHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional()
    .describe('Repeat a request safely: the same key and body return the first run.'),
});

const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };
const read = { permission: 'read' } as const;
const write = { permission: 'runs:write' } as const;

/** Runs: create, list, get, cancel, retry, and their steps and events. */
export function registerRunRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { pool, tenantDatabase } = dependencies;

  routes.post(
    '/api/v1/runs',
    {
      config: write,
      schema: {
        tags: ['runs'],
        summary: 'Create a run',
        description: 'Validates the input against the workflow, then enqueues the run. With `Idempotency-Key`, a repeated request returns the first run (200) instead of creating another (201).',
        headers: idempotencyHeadersSchema,
        body: createRunRequestSchema,
        response: { 200: runSchema, 201: runSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { row, created } = await createRun(dependencies, request.principal, request.body, request.headers['idempotency-key']);
      return reply.code(created ? 201 : 200).header('location', `/api/v1/runs/${row.id}`).send(mapRunRow(row));
    },
  );

  routes.get(
    '/api/v1/runs',
    { config: read, schema: { tags: ['runs'], summary: 'List runs, newest first', querystring: listRunsQuerySchema, response: { 200: runListSchema, 400: errorResponseSchema } } },
    async (request) => {
      const page = await tenantDatabase.read(request.principal.tenantId, (database) => listRuns(database, scopeOf(request.principal), request.query));
      return { items: page.rows.map(mapRunRow), nextCursor: page.nextCursor };
    },
  );

  routes.get('/api/v1/runs/:id', { config: read, schema: { tags: ['runs'], summary: 'Get a run', params: runIdParamsSchema, response: { 200: runSchema, ...errors } } }, async (request) =>
    mapRunRow(await tenantDatabase.read(request.principal.tenantId, (database) => findRun(database, request.params.id, scopeOf(request.principal)))),
  );

  routes.post(
    '/api/v1/runs/:id/cancel',
    {
      config: write,
      schema: {
        tags: ['runs'],
        summary: 'Cancel a run',
        description: 'A queued or waiting run is cancelled at once; a running run stops at its current node (cooperative). Cancelling twice is harmless.',
        params: runIdParamsSchema,
        response: { 200: runSchema, 202: runSchema, ...errors },
      },
    },
    async (request, reply) => {
      await findRun(pool, request.params.id, scopeOf(request.principal));
      const run = await cancelRun(pool, request.params.id, request.principal.label);
      return reply.code(run.status === 'running' ? 202 : 200).send(mapRunRow(run));
    },
  );

  routes.post(
    '/api/v1/runs/:id/retry',
    {
      config: write,
      schema: {
        tags: ['runs'],
        summary: 'Retry a failed, cancelled or timed-out run',
        description: 'Requeues the run with fresh attempts; it resumes from its last checkpoint.',
        params: runIdParamsSchema,
        response: { 200: runSchema, ...errors },
      },
    },
    async (request) => {
      await findRun(pool, request.params.id, scopeOf(request.principal));
      return mapRunRow(await retryRun(pool, request.params.id));
    },
  );

  routes.get('/api/v1/runs/:id/steps', { config: read, schema: { tags: ['runs'], summary: "List a run's steps", params: runIdParamsSchema, response: { 200: stepListSchema, ...errors } } }, async (request) =>
    tenantDatabase.read(request.principal.tenantId, async (database) => {
      await findRun(database, request.params.id, scopeOf(request.principal));
      return { items: await listSteps(database, request.params.id) };
    }),
  );

  routes.get(
    '/api/v1/runs/:id/events',
    {
      config: read,
      schema: {
        tags: ['runs'],
        summary: "Read a run's event log",
        description: 'The same events as the SSE stream, as JSON, from `after` (exclusive).',
        params: runIdParamsSchema,
        querystring: listEventsQuerySchema,
        response: { 200: runEventListSchema, ...errors },
      },
    },
    async (request) => {
      const { run, items } = await tenantDatabase.read(request.principal.tenantId, async (database) => {
        const found = await findRun(database, request.params.id, scopeOf(request.principal));
        return { run: found, items: await listRunEvents(database, found.id, request.query.after, request.query.limit) };
      });
      const lastSeq = items.at(-1)?.seq ?? request.query.after;
      return { items, lastSeq, ended: isTerminalRunStatus(run.status) && lastSeq >= run.last_event_seq };
    },
  );
}
