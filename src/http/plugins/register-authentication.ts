import type { FastifyInstance } from 'fastify';

/** Who is making a request. */
export interface Principal {
  kind: 'local-anonymous';
  tenantId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** The tenant every row belongs to until authentication and tenants exist. */
export const defaultTenantId = '00000000-0000-0000-0000-000000000001';

/**
 * The authentication step of the request pipeline. Until API keys and sessions exist, every
 * request acts as the local anonymous principal of the default tenant, which is why the server
 * refuses non-loopback addresses unless explicitly told otherwise. Authentication replaces this
 * hook without touching the routes: they read `request.principal`.
 */
export function registerAuthentication(app: FastifyInstance): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', (request, _reply, done) => {
    request.principal = { kind: 'local-anonymous', tenantId: defaultTenantId };
    done();
  });
}
