import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { artifactIdParamsSchema, artifactListSchema } from '../../contracts/artifact.js';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { runIdParamsSchema } from '../../contracts/run.js';
import { listArtifacts, readArtifact } from '../../store/artifacts/list-artifacts.js';
import { findRun } from '../../store/runs/find-run.js';
import type { AppDependencies } from '../app-dependencies.js';
import { scopeOf } from '../scope-of.js';

/** Artifacts: a run's list, and the download of one. */
export function registerArtifactRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { tenantDatabase } = dependencies;

  routes.get(
    '/api/v1/runs/:id/artifacts',
    { config: { permission: 'read' }, schema: { tags: ['artifacts'], summary: "List a run's artifacts", params: runIdParamsSchema, response: { 200: artifactListSchema, 400: errorResponseSchema, 404: errorResponseSchema } } },
    async (request) =>
      tenantDatabase.read(request.principal.tenantId, async (database) => {
        await findRun(database, request.params.id, scopeOf(request.principal));
        return { items: await listArtifacts(database, request.params.id) };
      }),
  );

  routes.get(
    '/api/v1/artifacts/:id/content',
    { config: { permission: 'read' }, schema: { tags: ['artifacts'], summary: 'Download an artifact', params: artifactIdParamsSchema, response: { 200: z.unknown().describe('The file, with its media type.'), 400: errorResponseSchema, 404: errorResponseSchema } } },
    async (request, reply) => {
      const { artifact, content } = await tenantDatabase.read(request.principal.tenantId, (database) => readArtifact(database, request.params.id, scopeOf(request.principal)));
      const fileName = artifact.name.split('/').pop() ?? 'artifact';
      return reply
        .type(artifact.mediaType)
        .header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`)
        .header('etag', `"${artifact.contentHash}"`)
        .send(content);
    },
  );
}
