import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { auditLogStore } from '../../store/audit/audit-log-store.js';
import { createId } from '../../store/ids/create-id.js';

/** What a handler tells the audit log about the resource it changed. */
export interface AuditedChange {
  resourceId?: string | undefined;
  before?: unknown;
  after?: unknown;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a mutating handler: the resource's id and its state before and after. */
    auditedChange: AuditedChange | null;
  }
  interface FastifyContextConfig {
    /** false: not audited (the OpenAI-compatible endpoint, whose calls the cost ledger records). */
    audit?: boolean;
  }
}

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Fields whose values never enter the audit log, at any depth. */
const secretField = /password|secret|token|hash|^key$|^apiKey$/i;

/**
 * The audit trail: one append-only row per mutating request of an authenticated caller (actor,
 * tenant, action, resource, before/after, request id, address, user agent), refused ones
 * included, written after the response went out. Secrets are dropped by field name.
 */
export function registerAuditLog(app: FastifyInstance, pool: pg.Pool): void {
  app.decorateRequest('auditedChange', null);
  // Callback style: reads and unaudited routes (the LLM endpoint) leave without a promise.
  app.addHook('onResponse', (request, reply, done) => {
    if (!mutatingMethods.has(request.method) || request.routeOptions.config.audit === false || !request.principal || request.routeOptions.url === undefined) {
      done();
      return;
    }
    const change = request.auditedChange;
    const principal = request.principal;
    auditLogStore
      .append(pool, {
        id: createId(),
        tenantId: principal.tenantId,
        actorKind: principal.kind,
        actorId: principal.kind === 'local' ? 'local' : `${principal.kind === 'user' ? 'user' : 'key'}:${principal.id}`,
        action: `${request.method} ${request.routeOptions.url}`,
        resourceType: resourceTypeOf(request.routeOptions.url),
        resourceId: change?.resourceId ?? idParameterOf(request) ?? null,
        statusCode: reply.statusCode,
        diff: change && (change.before !== undefined || change.after !== undefined) ? { before: withoutSecrets(change.before), after: withoutSecrets(change.after) } : null,
        requestId: request.id,
        ip: request.ip,
        userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 500) : null,
      })
      .catch((error: unknown) => request.log.error({ error: (error as Error).message }, 'writing the audit log failed'))
      .finally(() => done());
  });
}

/** `/api/v1/keys/:id/revoke` → `keys`. */
function resourceTypeOf(url: string): string {
  return url.replace(/^\/api\/v1\//, '').split('/')[0] ?? url;
}

function idParameterOf(request: FastifyRequest): string | undefined {
  const id = (request.params as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** A copy without secret-named fields (values replaced by a marker, so the diff still says they changed). */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, secretField.test(field) ? '[redacted]' : withoutSecrets(inner)]));
}
