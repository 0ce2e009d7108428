import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Run } from '../contracts/run.js';
import { waitUntil } from './wait-until.js';

/** Creates a run through `POST /api/v1/runs` (in-process) and expects it to be created. */
export async function createRunThroughApi(app: FastifyInstance, body: Record<string, unknown>): Promise<Run> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/runs', payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Run>();
}

/** Reads a run through `GET /api/v1/runs/:id`. */
export async function getRunThroughApi(app: FastifyInstance, runId: string): Promise<Run> {
  return (await app.inject({ method: 'GET', url: `/api/v1/runs/${runId}` })).json<Run>();
}

/** Polls the API until the run has `status`, or fails after `timeoutMs`. */
export function waitForRunStatus(app: FastifyInstance, runId: string, status: Run['status'], timeoutMs = 30_000): Promise<Run> {
  return waitUntil(async () => {
    const run = await getRunThroughApi(app, runId);
    return run.status === status ? run : undefined;
  }, timeoutMs, `run ${runId} to be ${status}`);
}
