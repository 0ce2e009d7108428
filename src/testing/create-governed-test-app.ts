import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { hash } from '@node-rs/argon2';
import type { Logger } from 'pino';
import { roles, type Role } from '../core/permissions.js';
import type { Engine } from '../engine/start-engine.js';
import type { AppDependencies } from '../http/app-dependencies.js';
import { defaultTenantId } from '../http/plugins/register-authentication.js';
import type { Authenticator, AuthenticatorOptions } from '../governance/identity/authenticator.js';
import { generateApiKeySecret } from '../governance/identity/api-key-secret.js';
import { startAuthentication } from '../governance/identity/start-authentication.js';
import { createCelPolicyGate } from '../governance/policies/cel-policy-gate.js';
import { PolicyEngine } from '../governance/policies/policy-engine.js';
import { apiKeyStore } from '../store/identity/api-key-store.js';
import { userStore } from '../store/identity/user-store.js';
import { createId } from '../store/ids/create-id.js';
import { createTestApp } from './create-test-app.js';
import type { TestDatabase } from './create-test-database.js';

/** One tenant of a governed test app: an API key and a user (with a password) per role. */
export interface TestTenant {
  id: string;
  keys: Record<Role, string>;
  users: Record<Role, { id: string; email: string; password: string }>;
}

export interface GovernedTestApp {
  app: FastifyInstance;
  authenticator: Authenticator;
  /** The API's policy engine (its `drain` writes queued allow decisions). */
  policyEngine: PolicyEngine;
  /** `first`: the default tenant (where the engine's runs land); `second`: another tenant. */
  tenants: { first: TestTenant; second: TestTenant };
  /** `Authorization` header for a credential. */
  bearer(credential: string): { authorization: string };
  close(): Promise<void>;
}

const secondTenantName = 'second tenant';

/** Creates a tenant's keys and users, one per role. Passwords are hashed once per test file, not per user. */
export async function seedTenant(database: TestDatabase, tenantId: string, label: string): Promise<TestTenant> {
  const password = `correct horse battery ${label}`;
  const passwordHash = await hash(password);
  // Emails are unique across tenants: each seeding gets its own domain.
  const domain = `${label.replace(/\W+/g, '-')}-${createId().slice(-8)}.test`;
  const keys = {} as Record<Role, string>;
  const users = {} as TestTenant['users'];
  for (const role of roles) {
    const secret = generateApiKeySecret();
    await apiKeyStore.insert(database.pool, { id: createId(), tenantId, name: `${label} ${role}`, prefix: secret.prefix, secretHash: secret.hash, role, projectId: null, createdBy: 'test', expiresAt: null });
    keys[role] = secret.key;
    const email = `${role}@${domain}`;
    const user = await userStore.insert(database.pool, { id: createId(), tenantId, email, name: `${label} ${role}`, role, passwordHash });
    if (!user) throw new Error(`seeding ${email} failed`);
    users[role] = { id: user.id, email, password };
  }
  return { id: tenantId, keys, users };
}

export interface GovernedTestAppOptions {
  authenticator?: Partial<AuthenticatorOptions>;
  overrides?: Parameters<typeof createTestApp>[3];
  /**
   * Called for every route as it is registered, plugins' routes included: the governance
   * matrices list the routes from it, so a new endpoint cannot be left out of them.
   */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * The HTTP app with authentication required, on a test database with two tenants. The engine's
 * runs belong to the first (default) tenant unless created through the API by the second.
 */
export async function createGovernedTestApp(database: TestDatabase, engine: Engine, logger: Logger, options: GovernedTestAppOptions = {}): Promise<GovernedTestApp> {
  const secondTenantId = createId();
  await database.pool.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [secondTenantId, `${secondTenantName} ${secondTenantId}`]);
  const [first, second] = await Promise.all([seedTenant(database, defaultTenantId, 'first'), seedTenant(database, secondTenantId, 'second')]);
  const authenticator = await startAuthentication(database.pool, engine.listener, options.authenticator);
  const authentication: AppDependencies['authentication'] = { mode: 'required', authenticator };
  // Policies as a server has them: the API's run.create gate and the policy routes (step.before needs the engine's own gate).
  const policyEngine = new PolicyEngine(database.pool, logger);
  await policyEngine.start(engine.listener);
  const policyGate = createCelPolicyGate(database.pool, policyEngine);
  const app = await watchingRoutes(options.onRoute, () => createTestApp(database, engine, logger, { policyEngine, policyGate, ...options.overrides, authentication }));
  return {
    app,
    authenticator,
    policyEngine,
    tenants: { first, second },
    bearer: (credential) => ({ authorization: `Bearer ${credential}` }),
    async close() {
      await app.close();
      await authenticator.close();
      await policyEngine.close();
    },
  };
}

const fastifyInitializationChannel = 'fastify.initialization';

/**
 * Runs `create` with `onRoute` hooked onto the first Fastify instance it makes. `createApp` adds
 * its routes before returning, so the hook goes in through Fastify's `fastify.initialization`
 * diagnostics channel, published as the instance is constructed, before any route exists. (Two
 * apps created at the same moment in one process could swap hooks; test files create theirs in turn.)
 * @see https://fastify.dev/docs/latest/Reference/Hooks/#diagnostics-channel-hooks
 */
async function watchingRoutes<T>(onRoute: ((route: RouteOptions) => void) | undefined, create: () => Promise<T>): Promise<T> {
  if (!onRoute) return create();
  let hooked = false;
  const hookOnto = (message: unknown) => {
    if (hooked) return;
    hooked = true;
    (message as { fastify: FastifyInstance }).fastify.addHook('onRoute', onRoute);
  };
  subscribe(fastifyInitializationChannel, hookOnto);
  try {
    const created = await create();
    if (!hooked) throw new Error(`no Fastify instance was published on "${fastifyInitializationChannel}": the route list would be empty`);
    return created;
  } finally {
    unsubscribe(fastifyInitializationChannel, hookOnto);
  }
}
