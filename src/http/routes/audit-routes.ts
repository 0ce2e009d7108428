import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditEntrySchema, listAuditQuerySchema } from '../../contracts/audit.js';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { auditLogStore, type AuditRow } from '../../store/audit/audit-log-store.js';
import type { AppDependencies } from '../app-dependencies.js';

function mapAuditRow(row: AuditRow) {
  return {
    id: row.id,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    statusCode: row.status_code,
    diff: row.diff,
    requestId: row.request_id,
    ip: row.ip,
    userAgent: row.user_agent,
    createdAt: row.created_at.toISOString(),
  };
}

/** `GET /api/v1/audit`: the tenant's audit trail, newest first, for admins. */
export function registerAuditRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['audit'], summary: 'The audit log: every mutating request, newest first', querystring: listAuditQuerySchema, response: { 200: z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }), 400: errorResponseSchema } },
    },
    async (request) => {
      const page = await dependencies.tenantDatabase.read(request.principal.tenantId, (database) => auditLogStore.list(database, request.principal.tenantId, request.query));
      return { items: page.rows.map(mapAuditRow), nextCursor: page.nextCursor };
    },
  );
}
