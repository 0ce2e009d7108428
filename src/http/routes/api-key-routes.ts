import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { apiKeySchema, createApiKeyRequestSchema, createdApiKeySchema, idParamsSchema } from '../../contracts/identity.js';
import { AppError } from '../../core/app-error.js';
import { mayAssignRole } from '../../core/permissions.js';
import { generateApiKeySecret } from '../../governance/identity/api-key-secret.js';
import { apiKeyStore } from '../../store/identity/api-key-store.js';
import { mapApiKeyRow } from '../../store/identity/map-api-key-row.js';
import { createId } from '../../store/ids/create-id.js';
import { projectStore } from '../../store/projects/project-store.js';
import type { AppDependencies } from '../app-dependencies.js';
import { announceCredentialChange } from '../announce-credential-change.js';

const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };

/** API keys: create (the key is shown once), list, revoke (refused everywhere at once). */
export function registerApiKeyRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = dependencies;

  routes.post(
    '/api/v1/keys',
    { config: { permission: 'keys:manage' }, schema: { tags: ['keys'], summary: 'Create an API key (shown once)', body: createApiKeyRequestSchema, response: { 201: createdApiKeySchema, ...errors } } },
    async (request, reply) => {
      const { principal } = request;
      const { name, role, projectId, expiresInDays } = request.body;
      if (!mayAssignRole(principal.role, role)) {
        throw new AppError('FORBIDDEN', `A ${principal.role} cannot create a key with the role "${role}".`, { field: 'body.role', role });
      }
      // A project-scoped caller's keys stay in its project.
      const scopedProject = principal.projectId ?? projectId ?? null;
      if (principal.projectId !== null && projectId !== undefined && projectId !== principal.projectId) {
        throw new AppError('PROJECT_NOT_FOUND', `No project has the id ${projectId}.`, { field: 'body.projectId', projectId });
      }
      if (scopedProject !== null && !(await projectStore.find(pool, principal.tenantId, scopedProject))) {
        throw new AppError('PROJECT_NOT_FOUND', `No project has the id ${scopedProject}.`, { field: 'body.projectId', projectId: scopedProject });
      }
      const secret = generateApiKeySecret();
      const row = await apiKeyStore.insert(pool, {
        id: createId(),
        tenantId: principal.tenantId,
        name,
        prefix: secret.prefix,
        secretHash: secret.hash,
        role,
        projectId: scopedProject,
        createdBy: `${principal.kind}:${principal.label}`,
        expiresAt: expiresInDays === undefined ? null : new Date(Date.now() + expiresInDays * 86_400_000),
      });
      const key = mapApiKeyRow(row);
      request.auditedChange = { resourceId: key.id, after: key };
      return reply.code(201).header('cache-control', 'no-store').send({ ...key, key: secret.key });
    },
  );

  routes.get(
    '/api/v1/keys',
    {
      config: { permission: 'keys:manage' },
      schema: { tags: ['keys'], summary: "The tenant's API keys (never their secrets)", querystring: z.strictObject({ includeRevoked: z.stringbool().default(false) }), response: { 200: z.object({ items: z.array(apiKeySchema) }), 400: errorResponseSchema } },
    },
    async (request) => ({ items: (await apiKeyStore.list(pool, request.principal.tenantId, request.query.includeRevoked)).filter((row) => request.principal.projectId === null || row.project_id === request.principal.projectId).map(mapApiKeyRow) }),
  );

  routes.delete(
    '/api/v1/keys/:id',
    { config: { permission: 'keys:manage' }, schema: { tags: ['keys'], summary: 'Revoke an API key (refused at once, in every process)', params: idParamsSchema, response: { 200: apiKeySchema, ...errors } } },
    async (request) => {
      const { principal } = request;
      const existing = await apiKeyStore.find(pool, principal.tenantId, request.params.id);
      if (!existing || (principal.projectId !== null && existing.project_id !== principal.projectId)) {
        throw new AppError('API_KEY_NOT_FOUND', `No API key has the id ${request.params.id}.`, { keyId: request.params.id });
      }
      if (!mayAssignRole(principal.role, existing.role)) {
        throw new AppError('FORBIDDEN', `A ${principal.role} cannot revoke a key with the role "${existing.role}".`, { role: existing.role });
      }
      const revoked = await apiKeyStore.revoke(pool, principal.tenantId, request.params.id);
      await announceCredentialChange(dependencies, `key:${existing.prefix}`);
      const key = mapApiKeyRow(revoked ?? existing);
      request.auditedChange = { before: mapApiKeyRow(existing), after: key };
      return key;
    },
  );
}
