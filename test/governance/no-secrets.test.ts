import type { InjectOptions } from 'fastify';
import { SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/start-engine.js';
import { generateApiKeySecret } from '../../src/governance/identity/api-key-secret.js';
import { loadServerSecret } from '../../src/store/identity/server-secret.js';
import { createId } from '../../src/store/ids/create-id.js';
import { createGovernedTestApp, type GovernedTestApp } from '../../src/testing/create-governed-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { startTestEngine } from '../../src/testing/start-test-engine.js';
import { waitUntil } from '../../src/testing/wait-until.js';

/** Everything the server logged, at every level. */
const logLines: string[] = [];
const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });

/** A response as the test saw it. */
interface SeenResponse {
  what: string;
  statusCode: number;
  body: string;
  /** Headers and body: where a secret could show. */
  text: string;
}

/** Responses whose job is to hand a secret out (a created key, a session), and all the others. */
const handingOut: SeenResponse[] = [];
const responses: SeenResponse[] = [];
/** Every password, key and token this file sends or receives, by what it is. */
const secrets = new Map<string, string>();
let auditedRequests = 0;

let database: TestDatabase;
let engine: Engine;
let governed: GovernedTestApp;
let runId: string;

function remember(name: string, secret: string): string {
  secrets.set(name, secret);
  // The part after the visible prefix is the secret of a key (`abk_<12>_<43>`) or a refresh token (`abr_<43>`).
  const secretHalf = /^ab[kr]_(?:[A-Za-z0-9]{12}_)?(.{43})$/.exec(secret)?.[1];
  if (secretHalf) secrets.set(`${name}, secret half`, secretHalf);
  // A JWT's signature is what makes it a credential.
  const signature = secret.split('.').length === 3 ? secret.split('.')[2] : undefined;
  if (signature) secrets.set(`${name}, signature`, signature);
  return secret;
}

async function send(what: string, options: InjectOptions & { credential?: string }, handsOutSecret = false): Promise<SeenResponse> {
  const { credential, ...request } = options;
  const response = await governed.app.inject({ ...request, headers: { ...request.headers, ...(credential === undefined ? {} : governed.bearer(credential)) } });
  const seen = { what, statusCode: response.statusCode, body: response.body, text: `${JSON.stringify(response.headers)}\n${response.body}` };
  (handsOutSecret ? handingOut : responses).push(seen);
  const method = String(request.method ?? 'GET');
  if (['POST', 'PATCH', 'DELETE'].includes(method) && response.statusCode !== 401 && !String(request.url).startsWith('/api/v1/auth/')) auditedRequests += 1;
  return seen;
}

const json = <T>(seen: SeenResponse): T => JSON.parse(seen.body) as T;

function leaksIn(text: string): string[] {
  return [...secrets].filter(([, secret]) => text.includes(secret)).map(([name]) => name);
}

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger);
  governed = await createGovernedTestApp(database, engine, logger);
  const userId = await exercisePeople();
  const key = await exercisePrograms();
  await exerciseRefusedCredentials(key, userId);
  // The audit log is written after each response.
  await waitUntil(async () => ((await database.pool.query('SELECT id FROM audit_log')).rowCount === auditedRequests ? true : undefined), 5_000, `${auditedRequests} audit rows`);
});

afterAll(async () => {
  await governed?.close();
  await engine?.stop(500);
  await database?.drop();
});

/** A user with a password, then a new one; sign-ins right and wrong; refresh, replay, sign-out. Returns the user's id. */
async function exercisePeople(): Promise<string> {
  const tenant = governed.tenants.first;
  const owner = remember('the seeded owner key', tenant.keys.owner);
  remember('the seeded owner password', tenant.users.owner.password);
  const email = `secret-keeper-${Date.now()}@example.test`;
  const firstPassword = remember('the first password', 'first password: purple elephant 7');
  const user = json<{ id: string }>(await send('create a user', { method: 'POST', url: '/api/v1/users', credential: owner, payload: { email, role: 'developer', password: firstPassword } }));
  const secondPassword = remember('the changed password', 'second password: orange giraffe 8');
  expect((await send('change the password', { method: 'PATCH', url: `/api/v1/users/${user.id}`, credential: owner, payload: { password: secondPassword } })).statusCode).toBe(200);
  const shortPassword = remember('a too short password', 'tiny#pw9');
  expect((await send('create a user with a short password', { method: 'POST', url: '/api/v1/users', credential: owner, payload: { email: `short-${email}`, password: shortPassword } })).statusCode).toBe(400);
  expect((await send('change to a short password', { method: 'PATCH', url: `/api/v1/users/${user.id}`, credential: owner, payload: { password: shortPassword } })).statusCode).toBe(400);
  expect((await send('sign in with the old password', { method: 'POST', url: '/api/v1/auth/login', payload: { email, password: firstPassword } })).statusCode).toBe(401);
  const wrongPassword = remember('a wrong password', 'not my password: grey hippo 9');
  expect((await send('sign in with a wrong password', { method: 'POST', url: '/api/v1/auth/login', payload: { email, password: wrongPassword } })).statusCode).toBe(401);
  // A hand-written body that is not JSON, with the password in it.
  const malformed = await send('sign in with a malformed body', { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"email": "${email}", "password": ${secondPassword}}` });
  expect(malformed.statusCode).toBe(400);
  const session = json<{ accessToken: string; refreshToken: string }>(await send('sign in', { method: 'POST', url: '/api/v1/auth/login', payload: { email, password: secondPassword } }, true));
  remember('the first access token', session.accessToken);
  remember('the first refresh token', session.refreshToken);
  const ownerSession = json<{ accessToken: string; refreshToken: string }>(
    await send('sign in as the owner', { method: 'POST', url: '/api/v1/auth/login', payload: { email: tenant.users.owner.email, password: tenant.users.owner.password } }, true),
  );
  remember("the owner's access token", ownerSession.accessToken);
  remember("the owner's refresh token", ownerSession.refreshToken);
  expect((await send('approve nothing, signed in', { method: 'POST', url: `/api/v1/approvals/${createId()}/decision`, credential: ownerSession.accessToken, payload: { decision: 'approve' } })).statusCode).toBe(404);
  const refreshed = json<{ accessToken: string; refreshToken: string }>(await send('refresh', { method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } }, true));
  remember('the refreshed access token', refreshed.accessToken);
  remember('the refreshed refresh token', refreshed.refreshToken);
  expect((await send('refresh with a used token', { method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } })).statusCode).toBe(401);
  expect((await send('sign out', { method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: refreshed.refreshToken } })).statusCode).toBe(204);
  expect((await send('who am I, signed in', { method: 'GET', url: '/api/v1/auth/me', credential: refreshed.accessToken })).statusCode).toBe(200);
  return user.id;
}

/** A key created, listed, used to run a workflow, then revoked. Returns the (revoked) key. */
async function exercisePrograms(): Promise<string> {
  const owner = governed.tenants.first.keys.owner;
  const createdKey = await send('create a key', { method: 'POST', url: '/api/v1/keys', credential: owner, payload: { name: 'ci deploy', role: 'developer' } }, true);
  expect(createdKey.statusCode).toBe(201);
  const { id: keyId, key } = json<{ id: string; key: string }>(createdKey);
  remember('the created key', key);
  const run = await send('create a run with the key', { method: 'POST', url: '/api/v1/runs', credential: key, payload: { workflow: 'demo-steps', input: { steps: 2 } } });
  runId = json<{ id: string }>(run).id;
  await waitUntil(async () => (json<{ status: string }>(await send('read the run', { method: 'GET', url: `/api/v1/runs/${runId}`, credential: key })).status === 'succeeded' ? true : undefined), 30_000, 'the run to succeed');
  expect((await send('list the keys', { method: 'GET', url: '/api/v1/keys?includeRevoked=true', credential: owner })).statusCode).toBe(200);
  expect((await send('revoke the key', { method: 'DELETE', url: `/api/v1/keys/${keyId}`, credential: owner })).statusCode).toBe(200);
  return key;
}

/** A revoked key, a wrong secret for a real prefix, an unknown key, an expired and a forged token: each refused, reading and writing. */
async function exerciseRefusedCredentials(key: string, userId: string): Promise<void> {
  const tenant = governed.tenants.first;
  const prefix = key.slice(0, key.lastIndexOf('_'));
  const wrongSecret = remember('a wrong secret for a real prefix', `${prefix}_${generateApiKeySecret().key.slice(-43)}`);
  const unknownKey = remember('an unknown key', generateApiKeySecret().key);
  const signingKey = await loadServerSecret(database.pool, 'access-token-signing-key');
  const now = Math.floor(Date.now() / 1000);
  const expired = remember(
    'an expired access token',
    await new SignJWT({ tid: tenant.id }).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('agentbus').setAudience('agentbus-api').setIssuedAt(now - 901).setExpirationTime(now - 1).sign(signingKey),
  );
  const forged = remember(
    'a forged access token',
    await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(tenant.users.owner.id).setIssuer('agentbus').setAudience('agentbus-api').setExpirationTime(now + 600).sign(new Uint8Array(32)),
  );
  for (const [name, credential] of [['the revoked key', key], ['a wrong secret', wrongSecret], ['an unknown key', unknownKey], ['an expired token', expired], ['a forged token', forged]] as const) {
    expect((await send(`read with ${name}`, { method: 'GET', url: '/api/v1/runs', credential })).statusCode, name).toBe(401);
    expect((await send(`write with ${name}`, { method: 'POST', url: '/api/v1/runs', credential, payload: { workflow: 'demo-steps', input: {} } })).statusCode, name).toBe(401);
    expect((await send(`read with ${name} in x-api-key`, { method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-key': credential } })).statusCode, name).toBe(401);
  }
}

describe('secrets', () => {
  it('hands a created key out once, in its 201 body only', () => {
    const key = secrets.get('the created key') ?? '';
    expect(handingOut.filter((seen) => seen.text.includes(key)).map((seen) => seen.what)).toEqual(['create a key']);
    expect(responses.filter((seen) => seen.text.includes(key)).map((seen) => seen.what)).toEqual([]);
  });

  it('keeps every password, key and token out of the server log', () => {
    expect(logLines.length).toBeGreaterThan(50);
    // The log did see the refusals, just not what was refused.
    expect(logLines.some((line) => line.includes('credential refused'))).toBe(true);
    for (const line of logLines) expect(leaksIn(line), line).toEqual([]);
  });

  it('keeps them out of every response that is not meant to carry one, errors first', () => {
    expect(responses.filter((seen) => seen.statusCode >= 400).length).toBeGreaterThan(15);
    for (const seen of responses) expect(leaksIn(seen.text), `${seen.what} (${seen.statusCode}): ${seen.text}`).toEqual([]);
  });

  it("keeps them out of the run's events", async () => {
    const events = await send('read the events', { method: 'GET', url: `/api/v1/runs/${runId}/events`, credential: secrets.get('the seeded owner key') ?? '' });
    expect(json<{ items: unknown[] }>(events).items.length).toBeGreaterThan(3);
    expect(leaksIn(events.text)).toEqual([]);
  });

  it('keeps them out of the audit log, in the table and through the API', async () => {
    const { rows } = await database.pool.query('SELECT * FROM audit_log');
    expect(rows.length).toBe(auditedRequests);
    // The password changes are there, as changes.
    expect(JSON.stringify(rows)).toContain('[redacted]');
    for (const row of rows) expect(leaksIn(JSON.stringify(row)), JSON.stringify(row)).toEqual([]);
    const audit = await send('read the audit log', { method: 'GET', url: '/api/v1/audit?limit=200', credential: secrets.get('the seeded owner key') ?? '' });
    expect(audit.statusCode).toBe(200);
    expect(leaksIn(audit.text)).toEqual([]);
  });

  it('stores none of them in the clear, in any table', async () => {
    const { rows: tables } = await database.pool.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.length).toBeGreaterThan(10);
    for (const { name } of tables) {
      const { rows } = await database.pool.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${name} t`);
      for (const { row } of rows) expect(leaksIn(row), `${name}: ${row}`).toEqual([]);
    }
  });
});
