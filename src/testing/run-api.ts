import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Approval } from '../contracts/approval.js';
import type { Run } from '../contracts/run.js';
import { isTerminalRunStatus } from '../core/run-status.js';
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

/**
 * Polls the API until the run ends (any terminal status), or fails after `timeoutMs`. With
 * `approveGates` every pending approval is approved with its defaults on the way, as
 * `agentbus design --yes` does.
 */
export function waitForRunEnd(app: FastifyInstance, runId: string, options: { approveGates?: boolean; decidedBy?: string; timeoutMs?: number } = {}): Promise<Run> {
  return waitUntil(async () => {
    const run = await getRunThroughApi(app, runId);
    if (options.approveGates === true && run.status === 'waiting_approval') {
      const pending = (await app.inject({ method: 'GET', url: `/api/v1/approvals?runId=${runId}&status=pending` })).json<{ items: Approval[] }>().items;
      for (const approval of pending) {
        const response = await app.inject({ method: 'POST', url: `/api/v1/approvals/${approval.id}/decision`, payload: { decision: 'approve', ...(options.decidedBy ? { decidedBy: options.decidedBy } : {}) } });
        expect(response.statusCode, response.body).toBe(200);
      }
      return undefined;
    }
    return isTerminalRunStatus(run.status) ? run : undefined;
  }, options.timeoutMs ?? 60_000, `run ${runId} to end`);
}
