import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { workflowDetailSchema, workflowListSchema, workflowNameParamsSchema } from '../../contracts/workflow.js';
import type { AppDependencies } from '../app-dependencies.js';

/** `GET /workflows` and `GET /workflows/:name` (with the graph's nodes and edges). */
export function registerWorkflowRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/workflows', { config: { permission: 'read' }, schema: { tags: ['workflows'], summary: 'List workflows', response: { 200: workflowListSchema } } }, async () => ({
    items: dependencies.registry.list(),
  }));
  routes.get(
    '/api/v1/workflows/:name',
    { config: { permission: 'read' }, schema: { tags: ['workflows'], summary: 'Get a workflow with its graph', params: workflowNameParamsSchema, response: { 200: workflowDetailSchema, 404: errorResponseSchema } } },
    async (request) => dependencies.registry.describe(request.params.name),
  );
}
