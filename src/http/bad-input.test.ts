import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema } from '../contracts/error-response.js';
import { httpStatusOf, type ErrorCode } from '../core/error-catalogue.js';
import type { Engine } from '../engine/start-engine.js';
import { createTestApp } from '../testing/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../testing/create-test-database.js';
import { createTestLogger } from '../testing/silent-logger.js';
import { startTestEngine } from '../testing/start-test-engine.js';

const logger = createTestLogger();
let database: TestDatabase;
let engine: Engine;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger, { runWorker: false });
  app = await createTestApp(database, engine, logger, { bodyLimitBytes: 4096 });
});

afterAll(async () => {
  await app?.close();
  await engine?.stop(500);
  await database?.drop();
});

/** Asserts the response is the catalogue error `code`, in the one error shape, with the code's status. */
function expectError(response: LightMyRequestResponse, code: ErrorCode, field?: string): void {
  expect(response.statusCode, response.body).toBe(httpStatusOf(code));
  const body = errorResponseSchema.parse(response.json());
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBe(response.headers['x-request-id']);
  expect(response.body).not.toMatch(/\bat \S+ \(|node_modules/);
  if (field !== undefined) {
    expect(body.error.details?.field).toBe(field);
    expect(body.error.message).toContain(field);
  }
}

const post = (payload: string | object, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.inject({ method: 'POST', url: '/api/v1/runs', headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

describe('bad input', () => {
  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    expectError(await post('{"workflow": "demo-steps",'), 'INVALID_JSON');
    expectError(await post(''), 'INVALID_JSON');
  });

  it('answers an unknown workflow with 404 WORKFLOW_NOT_FOUND naming the field', async () => {
    const response = await post({ workflow: 'no-such-workflow' });
    expectError(response, 'WORKFLOW_NOT_FOUND');
    expect(response.json().error.details.field).toBe('workflow');
  });

  it('answers wrong types and unknown fields with 400 VALIDATION_FAILED naming the field', async () => {
    expectError(await post({ workflow: 42 }), 'VALIDATION_FAILED', 'body.workflow');
    expectError(await post({ workflow: 'demo-steps', priority: 'high' }), 'VALIDATION_FAILED', 'body.priority');
    expectError(await post({ workflow: 'demo-steps', colour: 'red' }), 'VALIDATION_FAILED', 'body.colour');
    expectError(await post({ workflow: 'demo-steps', input: { steps: 'many' } }), 'VALIDATION_FAILED', 'input.steps');
    expectError(await post({ workflow: 'demo-steps', input: { steps: 3, bogus: true } }), 'VALIDATION_FAILED', 'input.bogus');
    expectError(await post([1, 2, 3]), 'VALIDATION_FAILED');
  });

  it('answers an oversize body with 413 PAYLOAD_TOO_LARGE', async () => {
    expectError(await post({ workflow: 'demo-steps', input: { padding: 'x'.repeat(10_000) } }), 'PAYLOAD_TOO_LARGE');
  });

  it('answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectError(await post('workflow=demo-steps', { 'content-type': 'text/plain' }), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an invalid cursor with 400 INVALID_CURSOR, and bad filters with 400', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/v1/runs?cursor=not-a-cursor' }), 'INVALID_CURSOR', 'cursor');
    expectError(await app.inject({ method: 'GET', url: `/api/v1/runs?cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}` }), 'INVALID_CURSOR');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/runs?status=sleeping' }), 'VALIDATION_FAILED', 'querystring.status');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/runs?limit=0' }), 'VALIDATION_FAILED', 'querystring.limit');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/runs?sort=name' }), 'VALIDATION_FAILED', 'querystring.sort');
  });

  it('answers unknown ids with 404 and malformed ids with 400', async () => {
    const unknown = '01a1fee2-8e65-7173-b090-8ea28df4a5db';
    expectError(await app.inject({ method: 'GET', url: `/api/v1/runs/${unknown}` }), 'RUN_NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/v1/runs/${unknown}/events` }), 'RUN_NOT_FOUND');
    expectError(await app.inject({ method: 'POST', url: `/api/v1/runs/${unknown}/cancel` }), 'RUN_NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/v1/approvals/${unknown}` }), 'APPROVAL_NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: `/api/v1/artifacts/${unknown}/content` }), 'ARTIFACT_NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/workflows/nope' }), 'WORKFLOW_NOT_FOUND');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/runs/123' }), 'VALIDATION_FAILED', 'params.id');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/runs/123/events?after=-5' }), 'VALIDATION_FAILED');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/nowhere' }), 'ROUTE_NOT_FOUND');
    expectError(await app.inject({ method: 'DELETE', url: '/api/v1/runs' }), 'ROUTE_NOT_FOUND');
  });

  it('answers a reused Idempotency-Key with a different body with 409, and the same body with the first run', async () => {
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'order-42' };
    const first = await post({ workflow: 'demo-steps', input: { steps: 1 } }, headers);
    expect(first.statusCode).toBe(201);
    const repeat = await post({ workflow: 'demo-steps', input: { steps: 1 } }, headers);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json().id).toBe(first.json().id);
    expectError(await post({ workflow: 'demo-steps', input: { steps: 2 } }, headers), 'IDEMPOTENCY_KEY_REUSED');
    expectError(await post({ workflow: 'demo-steps' }, { 'content-type': 'application/json', 'idempotency-key': 'has space' }), 'VALIDATION_FAILED', 'headers.idempotency-key');
  });

  it('never answers random bodies with a 5xx, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ workflow: fc.oneof(fc.constantFrom('demo-steps', 'hello-approval'), fc.string()), input: fc.jsonValue() }, { requiredKeys: [] })), async (body) => {
        const response = await post(JSON.stringify(body));
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (response.statusCode >= 400) errorResponseSchema.parse(response.json());
      }),
      { numRuns: 150 },
    );
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', checks: { database: true, migrations: true } });
  });

  it('publishes an OpenAPI 3.1 document that names every route', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/runs', '/api/v1/runs/{id}', '/api/v1/runs/{id}/stream', '/api/v1/runs/{id}/events', '/api/v1/approvals/{id}/decision', '/api/v1/workflows/{name}', '/api/v1/artifacts/{id}/content']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    expect((await app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });
});
