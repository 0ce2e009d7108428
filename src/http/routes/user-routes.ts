import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../contracts/error-response.js';
import { createUserRequestSchema, idParamsSchema, updateUserRequestSchema, userSchema } from '../../contracts/identity.js';
import { AppError } from '../../core/app-error.js';
import { mayAssignRole } from '../../core/permissions.js';
import { hashNewPassword } from '../../governance/identity/password-hash.js';
import { refreshTokenStore } from '../../store/identity/refresh-token-store.js';
import { mapUserRow } from '../../store/identity/map-user-row.js';
import { userStore } from '../../store/identity/user-store.js';
import { createId } from '../../store/ids/create-id.js';
import { inTransaction } from '../../store/queryable.js';
import type { AppDependencies } from '../app-dependencies.js';
import { announceCredentialChange } from '../announce-credential-change.js';

const errors = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

/** People of the tenant: invite, list, change role or password, disable. */
export function registerUserRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = dependencies;

  routes.get('/api/v1/users', { config: { permission: 'users:manage' }, schema: { tags: ['users'], summary: "The tenant's users", response: { 200: z.object({ items: z.array(userSchema) }) } } }, async (request) => ({
    items: (await userStore.list(pool, request.principal.tenantId)).map(mapUserRow),
  }));

  routes.post(
    '/api/v1/users',
    { config: { permission: 'users:manage' }, schema: { tags: ['users'], summary: 'Add a user to the tenant', body: createUserRequestSchema, response: { 201: userSchema, ...errors } } },
    async (request, reply) => {
      const { principal } = request;
      const { email, name, role, password } = request.body;
      if (!mayAssignRole(principal.role, role)) throw new AppError('FORBIDDEN', `A ${principal.role} cannot add a user with the role "${role}".`, { field: 'body.role', role });
      const passwordHash = password === undefined ? null : await hashNewPassword(password, 'body.password');
      const row = await userStore.insert(pool, { id: createId(), tenantId: principal.tenantId, email, name, role, passwordHash });
      if (!row) throw new AppError('NAME_TAKEN', `A user with the email ${email} already exists.`, { field: 'body.email' });
      const user = mapUserRow(row);
      request.auditedChange = { resourceId: user.id, after: user };
      return reply.code(201).send(user);
    },
  );

  routes.patch(
    '/api/v1/users/:id',
    { config: { permission: 'users:manage' }, schema: { tags: ['users'], summary: "Change a user's name, role or password, or disable them", params: idParamsSchema, body: updateUserRequestSchema, response: { 200: userSchema, ...errors } } },
    async (request) => {
      const { principal } = request;
      const change = request.body;
      const passwordHash = change.password === undefined ? undefined : await hashNewPassword(change.password, 'body.password');
      const { before, after } = await inTransaction(pool, async (client) => {
        // Serializes owner changes of one tenant, so two demotions cannot both pass the last-owner check.
        await client.query('SELECT id FROM users WHERE tenant_id = $1 AND role = $2 FOR UPDATE', [principal.tenantId, 'owner']);
        const existing = await userStore.find(client, principal.tenantId, request.params.id);
        if (!existing) throw new AppError('USER_NOT_FOUND', `No user has the id ${request.params.id}.`, { userId: request.params.id });
        if (!mayAssignRole(principal.role, existing.role) || (change.role !== undefined && !mayAssignRole(principal.role, change.role))) {
          throw new AppError('FORBIDDEN', `A ${principal.role} cannot change a ${existing.role}${change.role ? ` into a ${change.role}` : ''}.`, { role: existing.role });
        }
        const losesOwner = existing.role === 'owner' && existing.disabled_at === null && ((change.role !== undefined && change.role !== 'owner') || change.disabled === true);
        if (losesOwner && (await userStore.countActiveOwners(client, principal.tenantId)) <= 1) {
          throw new AppError('LAST_OWNER', 'This is the last active owner of the tenant; make someone else an owner first.', { userId: existing.id });
        }
        const updated = await userStore.update(client, principal.tenantId, existing.id, { ...change, ...(passwordHash === undefined ? {} : { passwordHash }) });
        if (change.password !== undefined || change.disabled === true || change.role !== undefined) await refreshTokenStore.revokeUser(client, existing.id);
        return { before: existing, after: updated ?? existing };
      });
      await announceCredentialChange(dependencies, `user:${after.id}`);
      const user = mapUserRow(after);
      request.auditedChange = { before: mapUserRow(before), after: user };
      return user;
    },
  );
}
