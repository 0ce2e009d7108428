import { z } from 'zod';

export const auditEntrySchema = z
  .object({
    id: z.uuid(),
    actorKind: z.enum(['user', 'api_key', 'local', 'system']),
    actorId: z.string().describe('`user:<id>`, `key:<id>` or `local`.'),
    action: z.string().describe('The method and route, e.g. `DELETE /api/v1/keys/:id`.'),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    statusCode: z.number().int(),
    diff: z.object({ before: z.unknown().optional(), after: z.unknown().optional() }).nullable().describe('The resource before and after; secret fields read `[redacted]`.'),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AuditEntry' });

export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const listAuditQuerySchema = z.strictObject({
  actorId: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(200).optional(),
  since: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
