import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { idParamsSchema } from '../../contracts/identity.js';
import { createProjectRequestSchema, projectSchema, updateProjectRequestSchema } from '../../contracts/project.js';
import { AppError } from '../../core/app-error.js';
import type { Principal } from '../../core/principal.js';
import { createId } from '../../store/ids/create-id.js';
import { mapProjectRow } from '../../store/projects/map-project-row.js';
import { projectStore } from '../../store/projects/project-store.js';
import type { Queryable } from '../../store/queryable.js';
import type { AppDependencies } from '../app-dependencies.js';

const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

const notFound = (id: string) => new AppError('PROJECT_NOT_FOUND', `No project has the id ${id}.`, { projectId: id });

/** The project a principal may see by id: its tenant's, and only its own for a project-scoped key. */
async function findVisibleProject(database: Queryable, principal: Principal, id: string) {
  if (principal.projectId !== null && principal.projectId !== id) throw notFound(id);
  const row = await projectStore.find(database, principal.tenantId, id);
  if (!row) throw notFound(id);
  return row;
}

/** Projects: groups of runs, budgets and policies inside a tenant. */
export function registerProjectRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { pool, tenantDatabase } = dependencies;

  routes.get('/api/v1/projects', { config: { permission: 'read' }, schema: { tags: ['projects'], summary: "The tenant's projects", response: { 200: z.object({ items: z.array(projectSchema) }) } } }, async (request) => {
    const rows = await tenantDatabase.read(request.principal.tenantId, (database) => projectStore.list(database, request.principal.tenantId));
    return { items: rows.filter((row) => request.principal.projectId === null || row.id === request.principal.projectId).map(mapProjectRow) };
  });

  routes.get('/api/v1/projects/:id', { config: { permission: 'read' }, schema: { tags: ['projects'], summary: 'Get a project', params: idParamsSchema, response: { 200: projectSchema, ...errors } } }, async (request) =>
    mapProjectRow(await tenantDatabase.read(request.principal.tenantId, (database) => findVisibleProject(database, request.principal, request.params.id))),
  );

  routes.post(
    '/api/v1/projects',
    { config: { permission: 'projects:write' }, schema: { tags: ['projects'], summary: 'Create a project', body: createProjectRequestSchema, response: { 201: projectSchema, ...errors } } },
    async (request, reply) => {
      if (request.principal.projectId !== null) throw new AppError('FORBIDDEN', 'A project-scoped key cannot create projects.', { permission: 'projects:write' });
      const row = await projectStore.insert(pool, { id: createId(), tenantId: request.principal.tenantId, name: request.body.name, description: request.body.description });
      if (!row) throw new AppError('NAME_TAKEN', `A project named "${request.body.name}" already exists.`, { field: 'body.name' });
      const project = mapProjectRow(row);
      request.auditedChange = { resourceId: project.id, after: project };
      return reply.code(201).send(project);
    },
  );

  routes.patch(
    '/api/v1/projects/:id',
    { config: { permission: 'projects:write' }, schema: { tags: ['projects'], summary: 'Rename or describe a project', params: idParamsSchema, body: updateProjectRequestSchema, response: { 200: projectSchema, ...errors } } },
    async (request) => {
      const before = await findVisibleProject(pool, request.principal, request.params.id);
      const updated = await projectStore.update(pool, request.principal.tenantId, request.params.id, request.body);
      if (updated === 'taken') throw new AppError('NAME_TAKEN', `A project named "${request.body.name ?? ''}" already exists.`, { field: 'body.name' });
      if (!updated) throw notFound(request.params.id);
      const project = mapProjectRow(updated);
      request.auditedChange = { before: mapProjectRow(before), after: project };
      return project;
    },
  );

  routes.delete(
    '/api/v1/projects/:id',
    { config: { permission: 'projects:write' }, schema: { tags: ['projects'], summary: 'Delete a project (its runs stay, without a project; its keys, budgets and policies are deleted)', params: idParamsSchema, response: { 200: projectSchema, ...errors } } },
    async (request) => {
      await findVisibleProject(pool, request.principal, request.params.id);
      const deleted = await projectStore.delete(pool, request.principal.tenantId, request.params.id);
      if (!deleted) throw notFound(request.params.id);
      const project = mapProjectRow(deleted);
      request.auditedChange = { before: project };
      return project;
    },
  );
}
