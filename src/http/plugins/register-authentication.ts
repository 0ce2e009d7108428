import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/app-error.js';
import { roleHasPermission, type Permission } from '../../core/permissions.js';
import type { Principal } from '../../core/principal.js';
import type { Authenticator } from '../../governance/identity/authenticator.js';

export type { Principal } from '../../core/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The permission a route needs (src/core/permissions.ts), or `public` for health checks and sign-in. */
    permission?: Permission | 'public';
  }
}

/** The tenant created by the first migration: the first owner's, and everyone's when authentication is off. */
export const defaultTenantId = '00000000-0000-0000-0000-000000000001';

/**
 * `required`: every non-public route needs an API key or an access token. `off`: every request
 * acts as the local owner of the default tenant — for a single person on their own machine; the
 * server refuses to listen beyond loopback in this mode.
 */
export type AuthenticationSetting = { mode: 'required'; authenticator: Authenticator } | { mode: 'off' };

const localPrincipal: Principal = Object.freeze({ kind: 'local', id: 'local', tenantId: defaultTenantId, role: 'owner', projectId: null, label: 'local' });

/** Routes added by plugins that cannot carry our route config: the API documentation is public. */
const publicPrefixes = ['/docs', '/api/v1/openapi.json'];

/**
 * Authentication and RBAC for every route, in one `onRequest` hook (before the body is read):
 * the credential becomes `request.principal`, then the route's permission is checked against the
 * role. A route that declares no permission fails at start-up, so no endpoint can be left open
 * by forgetting.
 */
export function registerAuthentication(app: FastifyInstance, setting: AuthenticationSetting): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRoute', (route) => {
    // CORS preflights (OPTIONS, answered by @fastify/cors) carry no credential by design.
    if (route.config?.permission !== undefined || route.method === 'OPTIONS' || publicPrefixes.some((prefix) => route.url.startsWith(prefix))) return;
    throw new Error(`Route ${String(route.method)} ${route.url} declares no permission (config.permission); every route must name one or be 'public'.`);
  });
  if (setting.mode === 'off') {
    app.addHook('onRequest', (request, _reply, done) => {
      request.principal = localPrincipal;
      done();
    });
    return;
  }
  const { authenticator } = setting;
  app.addHook('onRequest', (request, reply, done) => {
    const permission = request.routeOptions.config.permission;
    // Unknown routes (404) and public ones need no credential.
    if (permission === 'public' || request.method === 'OPTIONS' || request.routeOptions.url === undefined || publicPrefixes.some((prefix) => request.url.startsWith(prefix))) {
      done();
      return;
    }
    authenticate(authenticator, request, reply, permission ?? 'read').then(() => done(), done);
  });
}

async function authenticate(authenticator: Authenticator, request: FastifyRequest, reply: FastifyReply, permission: Permission): Promise<void> {
  const credential = credentialOf(request);
  if (credential === undefined) {
    void reply.header('www-authenticate', 'Bearer realm="agentbus"');
    throw new AppError('UNAUTHENTICATED', 'This endpoint needs a credential: send "Authorization: Bearer <API key or access token>".');
  }
  const result = await authenticator.authenticate(credential);
  if ('problem' in result) {
    request.log.info({ problem: result.problem }, 'credential refused');
    void reply.header('www-authenticate', `Bearer realm="agentbus", error="invalid_token"`);
    throw new AppError('UNAUTHENTICATED', 'The credential is not valid (unknown, revoked or expired).');
  }
  request.principal = result.principal;
  if (!roleHasPermission(result.principal.role, permission)) {
    throw new AppError('FORBIDDEN', `The role "${result.principal.role}" does not have the permission "${permission}" this endpoint needs.`, { permission, role: result.principal.role });
  }
}

/** `Authorization: Bearer …` (OpenAI's SDKs send keys this way), or `x-api-key` (Anthropic's). */
function credentialOf(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined;
}
