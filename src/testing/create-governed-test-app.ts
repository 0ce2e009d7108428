import type { FastifyInstance } from 'fastify';
import { hash } from '@node-rs/argon2';
import type { Logger } from 'pino';
import { roles, type Role } from '../core/permissions.js';
import type { Engine } from '../engine/start-engine.js';
import type { AppDependencies } from '../http/app-dependencies.js';
import { defaultTenantId } from '../http/plugins/register-authentication.js';
import type { Authenticator, AuthenticatorOptions } from '../governance/identity/authenticator.js';
import { generateApiKeySecret } from '../governance/identity/api-key-secret.js';
import { startAuthentication } from '../governance/identity/start-authentication.js';
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

/**
 * The HTTP app with authentication required, on a test database with two tenants. The engine's
 * runs belong to the first (default) tenant unless created through the API by the second.
 */
export async function createGovernedTestApp(
  database: TestDatabase,
  engine: Engine,
  logger: Logger,
  options: { authenticator?: Partial<AuthenticatorOptions>; overrides?: Parameters<typeof createTestApp>[3] } = {},
): Promise<GovernedTestApp> {
  const secondTenantId = createId();
  await database.pool.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [secondTenantId, `${secondTenantName} ${secondTenantId}`]);
  const [first, second] = await Promise.all([seedTenant(database, defaultTenantId, 'first'), seedTenant(database, secondTenantId, 'second')]);
  const authenticator = await startAuthentication(database.pool, engine.listener, options.authenticator);
  const authentication: AppDependencies['authentication'] = { mode: 'required', authenticator };
  const app = await createTestApp(database, engine, logger, { ...options.overrides, authentication });
  return {
    app,
    authenticator,
    tenants: { first, second },
    bearer: (credential) => ({ authorization: `Bearer ${credential}` }),
    async close() {
      await app.close();
      await authenticator.close();
    },
  };
}
