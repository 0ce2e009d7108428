import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/start-engine.js';
import { loadServerSecret } from '../../src/store/identity/server-secret.js';
import { createGovernedTestApp, type GovernedTestApp } from '../../src/testing/create-governed-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { startTestEngine } from '../../src/testing/start-test-engine.js';
import { waitUntil } from '../../src/testing/wait-until.js';

const logger = createTestLogger();
let database: TestDatabase;
let engine: Engine;
let governed: GovernedTestApp;
/** A second API process on the same database: revocations must reach it too. */
let otherProcess: GovernedTestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger, { runWorker: false });
  governed = await createGovernedTestApp(database, engine, logger);
  otherProcess = await createGovernedTestApp(database, engine, logger);
});

afterAll(async () => {
  await governed?.close();
  await otherProcess?.close();
  await engine?.stop(500);
  await database?.drop();
});

const me = (app: GovernedTestApp['app'], credential: string | undefined) =>
  app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: credential === undefined ? {} : { authorization: `Bearer ${credential}` } });

describe('credentials', () => {
  it('refuses a request without a credential, or with a malformed or unknown one, with 401 and WWW-Authenticate', async () => {
    for (const credential of [undefined, 'nonsense', 'abk_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'a.b.c']) {
      const response = await me(governed.app, credential);
      expect(response.statusCode, String(credential)).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toContain('Bearer');
    }
    // Health checks and the API documentation stay public.
    expect((await governed.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await governed.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).statusCode).toBe(200);
  });

  it('accepts an API key in Authorization or x-api-key and names the principal', async () => {
    const key = governed.tenants.first.keys.developer;
    const response = await me(governed.app, key);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ kind: 'api_key', role: 'developer', tenantId: governed.tenants.first.id, projectId: null });
    expect(response.json().permissions).toContain('runs:write');
    expect((await governed.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-key': key } })).statusCode).toBe(200);
  });

  it('refuses a revoked key at once, in this process and in another one on the same database', async () => {
    const created = await governed.app.inject({ method: 'POST', url: '/api/v1/keys', headers: governed.bearer(governed.tenants.first.keys.admin), payload: { name: 'ci deploy', role: 'developer' } });
    expect(created.statusCode, created.body).toBe(201);
    const { id, key, prefix } = created.json() as { id: string; key: string; prefix: string };
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    // Both processes have it cached as valid.
    expect((await me(governed.app, key)).statusCode).toBe(200);
    expect((await me(otherProcess.app, key)).statusCode).toBe(200);
    const listed = await governed.app.inject({ method: 'GET', url: '/api/v1/keys', headers: governed.bearer(governed.tenants.first.keys.admin) });
    const listedKey = (listed.json() as { items: Record<string, unknown>[] }).items.find((item) => item.id === id);
    expect(listedKey).toMatchObject({ prefix, role: 'developer', revokedAt: null });
    expect(listedKey?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.json())).not.toContain(key);

    const revoked = await governed.app.inject({ method: 'DELETE', url: `/api/v1/keys/${id}`, headers: governed.bearer(governed.tenants.first.keys.admin) });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    // This process: the very next request.
    expect((await me(governed.app, key)).statusCode).toBe(401);
    // The other process: as soon as the NOTIFY arrives (well inside its 10 s cache).
    const started = Date.now();
    await waitUntil(async () => ((await me(otherProcess.app, key)).statusCode === 401 ? true : undefined), 2_000, 'the other process to refuse the revoked key');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('signs in with a password, refuses an expired access token, and honours a refresh token exactly once', async () => {
    const { email, password } = governed.tenants.first.users.viewer;
    const wrong = await governed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await governed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@nowhere.test', password } });
    expect(unknown.json().error.message).toBe(wrong.json().error.message);

    const login = await governed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: email.toUpperCase(), password } });
    expect(login.statusCode, login.body).toBe(200);
    const session = login.json() as { accessToken: string; refreshToken: string; expiresIn: number; principal: { role: string; kind: string } };
    expect(session.principal).toMatchObject({ kind: 'user', role: 'viewer' });
    expect(session.expiresIn).toBe(900);
    expect((await me(governed.app, session.accessToken)).statusCode).toBe(200);
    // A viewer reads but does not write.
    const write = await governed.app.inject({ method: 'POST', url: '/api/v1/runs', headers: governed.bearer(session.accessToken), payload: { workflow: 'demo-steps', input: {} } });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('FORBIDDEN');

    // The same token, signed with the installation's key, but expired a second ago.
    const signingKey = await loadServerSecret(database.pool, 'access-token-signing-key');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ tid: governed.tenants.first.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(governed.tenants.first.users.viewer.id)
      .setIssuer('agentbus')
      .setAudience('agentbus-api')
      .setIssuedAt(now - 901)
      .setExpirationTime(now - 1)
      .sign(signingKey);
    expect((await me(governed.app, expired)).statusCode).toBe(401);
    // Signed with another key: refused too.
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(governed.tenants.first.users.owner.id).setIssuer('agentbus').setAudience('agentbus-api').setExpirationTime(now + 600).sign(new Uint8Array(32));
    expect((await me(governed.app, forged)).statusCode).toBe(401);

    const refreshed = await governed.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    const next = refreshed.json() as { accessToken: string; refreshToken: string };
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect((await me(governed.app, next.accessToken)).statusCode).toBe(200);
    // The first refresh token again: refused, and the replay ends the whole session family.
    const replay = await governed.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
    expect(replay.statusCode).toBe(401);
    const afterReplay = await governed.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: next.refreshToken } });
    expect(afterReplay.statusCode).toBe(401);
  });

  it('signs a disabled user out at once, and keeps the last owner', async () => {
    const owner = governed.tenants.second.keys.owner;
    const { id, email, password } = governed.tenants.second.users.developer;
    const login = await governed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const { accessToken } = login.json() as { accessToken: string };
    expect((await me(governed.app, accessToken)).statusCode).toBe(200);
    const disabled = await governed.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: governed.bearer(owner), payload: { disabled: true } });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect((await me(governed.app, accessToken)).statusCode).toBe(401);
    expect((await governed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).statusCode).toBe(401);

    const lastOwner = await governed.app.inject({ method: 'PATCH', url: `/api/v1/users/${governed.tenants.second.users.owner.id}`, headers: governed.bearer(owner), payload: { role: 'admin' } });
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.json().error.code).toBe('LAST_OWNER');
    // An admin cannot make anyone an owner, nor create an owner key.
    const admin = governed.tenants.second.keys.admin;
    expect((await governed.app.inject({ method: 'POST', url: '/api/v1/keys', headers: governed.bearer(admin), payload: { name: 'escalate', role: 'owner' } })).statusCode).toBe(403);
    expect((await governed.app.inject({ method: 'PATCH', url: `/api/v1/users/${governed.tenants.second.users.viewer.id}`, headers: governed.bearer(admin), payload: { role: 'owner' } })).statusCode).toBe(403);
  });
});
