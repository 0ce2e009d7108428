import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { loginRequestSchema, principalSchema, refreshRequestSchema, sessionSchema } from '../../contracts/identity.js';
import { AppError } from '../../core/app-error.js';
import { permissionsOf } from '../../core/permissions.js';
import type { Principal } from '../../core/principal.js';
import type { Session } from '../../governance/identity/authenticator.js';
import { signInAttemptsPerMinute } from '../plugins/register-api-protection.js';
import type { AuthenticationSetting } from '../plugins/register-authentication.js';

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 429: errorResponseSchema };

export function describePrincipal(principal: Principal) {
  return { ...principal, permissions: [...permissionsOf(principal.role)] };
}

function sessionBody(session: Session) {
  return { accessToken: session.accessToken, refreshToken: session.refreshToken, tokenType: 'Bearer' as const, expiresIn: session.expiresIn, principal: describePrincipal(session.principal) };
}

/**
 * Sessions for people (the web UI): sign in with email and password for a 15-minute access token
 * and a single-use refresh token; refresh; sign out. Programs use API keys instead.
 */
export function registerAuthRoutes(app: FastifyInstance, setting: AuthenticationSetting): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    '/api/v1/auth/me',
    { config: { permission: 'read' }, schema: { tags: ['auth'], summary: 'Who the caller is, and what their role may do', response: { 200: principalSchema, 401: errorResponseSchema } } },
    async (request) => describePrincipal(request.principal),
  );
  if (setting.mode !== 'required') return;
  const { authenticator } = setting;
  routes.post(
    '/api/v1/auth/login',
    { config: { permission: 'public', audit: false, rateLimit: { max: signInAttemptsPerMinute, timeWindow: 60_000, keyGenerator: (request) => `sign-in:${request.ip}` } }, schema: { tags: ['auth'], summary: 'Sign in with email and password', body: loginRequestSchema, response: { 200: sessionSchema, ...errors } } },
    async (request) => {
      const session = await authenticator.signIn(request.body.email, request.body.password);
      if (!session) throw new AppError('INVALID_CREDENTIALS', 'The email and password do not match an active user.');
      return sessionBody(session);
    },
  );
  routes.post(
    '/api/v1/auth/refresh',
    { config: { permission: 'public', audit: false }, schema: { tags: ['auth'], summary: 'Exchange a refresh token for a new session (once)', body: refreshRequestSchema, response: { 200: sessionSchema, ...errors } } },
    async (request) => {
      const session = await authenticator.refresh(request.body.refreshToken);
      if (!session) throw new AppError('INVALID_CREDENTIALS', 'The refresh token is unknown, already used, revoked or expired; sign in again.');
      return sessionBody(session);
    },
  );
  routes.post(
    '/api/v1/auth/logout',
    { config: { permission: 'public', audit: false }, schema: { tags: ['auth'], summary: 'End a session (its refresh token and every one rotated from it)', body: refreshRequestSchema, response: { 204: z.null().describe('Signed out.'), 400: errorResponseSchema } } },
    async (request, reply) => {
      await authenticator.signOut(request.body.refreshToken);
      return reply.code(204).send(null);
    },
  );
}
