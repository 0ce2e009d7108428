import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/start-engine.js';
import { createGovernedTestApp, type GovernedTestApp } from '../../src/testing/create-governed-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { startTestEngine } from '../../src/testing/start-test-engine.js';

const logger = createTestLogger();
const allowedOrigin = 'https://console.example.com';
let database: TestDatabase;
let engine: Engine;
let governed: GovernedTestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger, { runWorker: false });
  governed = await createGovernedTestApp(database, engine, logger, { overrides: { protection: { requestsPerMinute: 5, corsOrigins: [allowedOrigin] }, bodyLimitBytes: 2048 } });
});

afterAll(async () => {
  await governed?.close();
  await engine?.stop(500);
  await database?.drop();
});

describe('API protection', () => {
  it('sends security headers on every response, errors included', async () => {
    for (const response of [
      await governed.app.inject({ method: 'GET', url: '/healthz' }),
      await governed.app.inject({ method: 'GET', url: '/api/v1/runs' }),
      await governed.app.inject({ method: 'GET', url: '/no/such/route' }),
    ]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('answers CORS preflights for the configured origins only', async () => {
    const preflight = (origin: string) =>
      governed.app.inject({ method: 'OPTIONS', url: '/api/v1/runs', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const allowed = await preflight(allowedOrigin);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(allowedOrigin);
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('authorization');
    const other = await preflight('https://evil.example.net');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits requests per API key with a 429 in the error shape and Retry-After, each key on its own', async () => {
    const { developer, viewer } = governed.tenants.first.keys;
    const statuses: number[] = [];
    let limited;
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const response = await governed.app.inject({ method: 'GET', url: '/api/v1/runs', headers: governed.bearer(developer) });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) limited = response;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
    expect(limited?.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another key of the same tenant is counted on its own.
    expect((await governed.app.inject({ method: 'GET', url: '/api/v1/runs', headers: governed.bearer(viewer) })).statusCode).toBe(200);
    // Health checks are never limited.
    for (let attempt = 0; attempt < 8; attempt += 1) expect((await governed.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('slows password guessing: sign-in attempts are limited per client address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const response = await governed.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: governed.tenants.first.users.owner.email, password: `guess ${attempt}` } });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('refuses a body over the size limit with 413 before reading it all', async () => {
    const response = await governed.app.inject({ method: 'POST', url: '/api/v1/projects', headers: { ...governed.bearer(governed.tenants.second.keys.owner), 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'big', description: 'x'.repeat(4096) }) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
