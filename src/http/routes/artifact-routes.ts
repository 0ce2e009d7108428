import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { artifactIdParamsSchema, artifactListSchema } from '../../contracts/artifact.js';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { runIdParamsSchema } from '../../contracts/run.js';
import { listArtifacts, readArtifact } from '../../store/artifacts/list-artifacts.js';
import { findRun } from '../../store/runs/find-run.js';
import type { AppDependencies } from '../app-dependencies.js';

/** Artifacts: a run's list, and the download of one. */
export function registerArtifactRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = dependencies;

  routes.get(
    '/api/v1/runs/:id/artifacts',
    { schema: { tags: ['artifacts'], summary: "List a run's artifacts", params: runIdParamsSchema, response: { 200: artifactListSchema, 400: errorResponseSchema, 404: errorResponseSchema } } },
    async (request) => {
      await findRun(pool, request.params.id);
      return { items: await listArtifacts(pool, request.params.id) };
    },
  );

  routes.get(
    '/api/v1/artifacts/:id/content',
    { schema: { tags: ['artifacts'], summary: 'Download an artifact', params: artifactIdParamsSchema, response: { 200: z.unknown().describe('The file, with its media type.'), 400: errorResponseSchema, 404: errorResponseSchema } } },
    async (request, reply) => {
      const { artifact, content } = await readArtifact(pool, request.params.id);
      const fileName = artifact.name.split('/').pop() ?? 'artifact';
      return reply
        .type(artifact.mediaType)
        .header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`)
        .header('etag', `"${artifact.contentHash}"`)
        .send(content);
    },
  );
}
