import type { RouteOptions } from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment, serverEnvironmentSchema } from '../../src/cli/config/server-config.js';
import { roleHasPermission, roles, type Permission } from '../../src/core/permissions.js';
import type { Engine } from '../../src/engine/start-engine.js';
import { resolveGatewayConfig } from '../../src/gateway/config/resolve-gateway-config.js';
import { startLlmGateway, type LlmGateway } from '../../src/gateway/start-llm-gateway.js';
import { createId } from '../../src/store/ids/create-id.js';
import { createGovernedTestApp, type GovernedTestApp } from '../../src/testing/create-governed-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { startTestEngine } from '../../src/testing/start-test-engine.js';

/** A route as registered: one method, its URL pattern, and what its config asks of the caller. */
interface CollectedRoute {
  method: string;
  url: string;
  /** undefined only for the API documentation's plugin routes, which are public by prefix. */
  permission: Permission | 'public' | undefined;
  hasBody: boolean;
}

/**
 * What each route should ask for, written down by hand: a route that drifts to a weaker permission
 * would otherwise pass the matrix, which takes the permission from the route's own config. HEAD
 * routes ask what their GET asks; the API documentation (`/docs`) is public by prefix.
 */
const expectedPermissions: Record<string, Permission | 'public'> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
  'GET /api/v1/openapi.json': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/auth/me': 'read',
  'GET /api/v1/workflows': 'read',
  'GET /api/v1/workflows/:name': 'read',
  'POST /api/v1/runs': 'runs:write',
  'GET /api/v1/runs': 'read',
  'GET /api/v1/runs/:id': 'read',
  'POST /api/v1/runs/:id/cancel': 'runs:write',
  'POST /api/v1/runs/:id/retry': 'runs:write',
  'GET /api/v1/runs/:id/steps': 'read',
  'GET /api/v1/runs/:id/events': 'read',
  'GET /api/v1/runs/:id/stream': 'read',
  'GET /api/v1/runs/:id/artifacts': 'read',
  'GET /api/v1/artifacts/:id/content': 'read',
  'GET /api/v1/approvals': 'read',
  'GET /api/v1/approvals/:id': 'read',
  'POST /api/v1/approvals/:id/decision': 'approvals:decide',
  'POST /api/v1/keys': 'keys:manage',
  'GET /api/v1/keys': 'keys:manage',
  'DELETE /api/v1/keys/:id': 'keys:manage',
  'GET /api/v1/users': 'users:manage',
  'POST /api/v1/users': 'users:manage',
  'PATCH /api/v1/users/:id': 'users:manage',
  'GET /api/v1/projects': 'read',
  'POST /api/v1/projects': 'projects:write',
  'GET /api/v1/projects/:id': 'read',
  'PATCH /api/v1/projects/:id': 'projects:write',
  'DELETE /api/v1/projects/:id': 'projects:write',
  'GET /api/v1/policies': 'read',
  'GET /api/v1/policies/:id': 'read',
  'POST /api/v1/policies': 'policies:write',
  'PUT /api/v1/policies/:id': 'policies:write',
  'DELETE /api/v1/policies/:id': 'policies:write',
  'POST /api/v1/policies/test': 'policies:write',
  'GET /api/v1/violations': 'read',
  'PATCH /api/v1/violations/:id': 'policies:write',
  'GET /api/v1/budgets': 'read',
  'POST /api/v1/budgets': 'budgets:write',
  'GET /api/v1/budgets/:id': 'read',
  'PATCH /api/v1/budgets/:id': 'budgets:write',
  'DELETE /api/v1/budgets/:id': 'budgets:write',
  'GET /api/v1/workflows/:name/forecast': 'read',
  'GET /api/v1/audit': 'audit:read',
  'GET /v1/models': 'read',
  'POST /v1/chat/completions': 'llm:call',
  'GET /api/v1/gateway/breakers': 'read',
  'GET /api/v1/gateway/providers': 'read',
};

const logger = createTestLogger();
const routes: CollectedRoute[] = [];
let database: TestDatabase;
let engine: Engine;
let llm: LlmGateway;
let governed: GovernedTestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger, { runWorker: false });
  // The built-in provider alone: enough for the gateway's routes (/v1/chat/completions needs `llm:call`) to exist.
  llm = startLlmGateway({ pool: database.pool, logger, config: resolveGatewayConfig(parseEnvironment(serverEnvironmentSchema, {}), {}) });
  governed = await createGovernedTestApp(database, engine, logger, {
    overrides: { llm, metrics: new Registry() },
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        routes.push({ method, url: route.url, permission: route.config?.permission, hasBody: route.schema?.body !== undefined });
      }
    },
  });
});

afterAll(async () => {
  await governed?.close();
  await llm?.close();
  await engine?.stop(500);
  await database?.drop();
});

/** Valid-looking parameters: fresh uuids (nothing has them) and a built-in workflow's name. */
function urlOf(route: CollectedRoute): string {
  return route.url.replace(/:id\b/g, createId()).replace(/:name\b/g, 'demo-steps').replace(/\*$/, 'nothing-here');
}

/** A body no route accepts (every request schema is strict), so a 403 can only come before validation. */
const invalidBody = { 'not a field of any request': true };

function send(route: CollectedRoute, credential: string | undefined) {
  const withBody = route.method === 'POST' || route.method === 'PATCH' || route.method === 'PUT';
  return governed.app.inject({
    method: route.method as 'GET',
    url: urlOf(route),
    headers: credential === undefined ? {} : governed.bearer(credential),
    ...(withBody ? { payload: invalidBody } : {}),
  });
}

function errorCodeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

const isPublic = (route: CollectedRoute) => route.permission === 'public' || (route.permission === undefined && route.url.startsWith('/docs'));

describe('role-based access control', () => {
  it('collects every route of the app with its permission', () => {
    expect(routes.length).toBeGreaterThan(25);
    const unnamed = routes.filter((route) => route.permission === undefined && !route.url.startsWith('/docs'));
    expect(unnamed.map((route) => `${route.method} ${route.url}`), 'routes outside /docs without a permission').toEqual([]);
  });

  it('asks each route for the permission written down for it', () => {
    const documented = routes.filter((route) => !route.url.startsWith('/docs'));
    const asked = Object.fromEntries(documented.filter((route) => route.method !== 'HEAD').map((route) => [`${route.method} ${route.url}`, route.permission]));
    expect(asked).toEqual(expectedPermissions);
    for (const head of documented.filter((route) => route.method === 'HEAD')) {
      expect(head.permission, `HEAD ${head.url}`).toBe(asked[`GET ${head.url}`]);
    }
  });

  it('refuses a request without a credential with 401, except on public routes', async () => {
    for (const route of routes) {
      const response = await send(route, undefined);
      const what = `no credential, ${route.method} ${route.url}: ${response.statusCode} ${response.body}`;
      if (isPublic(route)) {
        expect([401, 403], what).not.toContain(response.statusCode);
      } else {
        expect(response.statusCode, what).toBe(401);
        if (route.method !== 'HEAD') expect(errorCodeOf(response.body), what).toBe('UNAUTHENTICATED');
      }
    }
  });

  for (const role of roles) {
    it(`gives the ${role} exactly what the permission table says, refusing before the body is read`, async () => {
      const key = governed.tenants.first.keys[role];
      for (const route of routes) {
        const response = await send(route, key);
        const what = `${role}, ${route.method} ${route.url} (${String(route.permission)}): ${response.statusCode} ${response.body}`;
        if (isPublic(route) || roleHasPermission(role, route.permission as Permission)) {
          expect([401, 403], what).not.toContain(response.statusCode);
          // The same invalid body a refused role sends: a role that holds the permission gets the 400.
          if (route.hasBody && route.method !== 'HEAD' && !isPublic(route)) expect(errorCodeOf(response.body), what).toBe('VALIDATION_FAILED');
        } else {
          expect(response.statusCode, what).toBe(403);
          if (route.method !== 'HEAD') expect(errorCodeOf(response.body), what).toBe('FORBIDDEN');
        }
      }
    });
  }
});
