import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRun } from '../store/runs/insert-run.js';
import { createTestDatabase, type TestDatabase } from '../testing/create-test-database.js';
import { createTestLogger } from '../testing/silent-logger.js';
import { testEngineOptions } from '../testing/start-test-engine.js';
import { waitUntil } from '../testing/wait-until.js';
import { builtInWorkflows } from '../workflows/built-in-workflows.js';
import type { PolicyGate } from './policy-gate.js';
import { startEngine, type Engine } from './start-engine.js';

let database: TestDatabase;
let engine: Engine;
const seen: string[] = [];

/** Allows every node except the third step of any run. */
const thirdStepDenied: PolicyGate = {
  beforeRunCreate: async () => ({ effect: 'allow' }),
  beforeStep: async ({ node, attempt }) => {
    seen.push(`${node}#${attempt}`);
    return seen.length === 3 ? { effect: 'deny', reason: 'no third step on Sundays' } : { effect: 'allow' };
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startEngine({ pool: database.pool, connectionString: database.connectionString, logger: createTestLogger(), workflows: builtInWorkflows, policyGate: thirdStepDenied }, testEngineOptions);
});

afterAll(async () => {
  await engine?.stop(500);
  await database?.drop();
});

describe('the step.before policy seam', () => {
  it('asks the policy gate before every node and fails the run, without retrying, when it denies', async () => {
    const { row } = await insertRun(database.pool, { workflow: 'demo-steps', workflowVersion: 1, input: { steps: 5, delayMs: 0, failFirstAttempts: 0 }, priority: 0, maxAttempts: 3 });
    const failed = await waitUntil(async () => {
      const { rows } = await database.pool.query<{ status: string; attempt: number; error: { code: string; message: string } }>('SELECT status, attempt, error FROM runs WHERE id = $1', [row.id]);
      return rows[0]?.status === 'failed' ? rows[0] : undefined;
    });
    expect(failed.error).toMatchObject({ code: 'POLICY_DENIED', message: 'no third step on Sundays' });
    expect(failed.attempt).toBe(1);
    expect(seen).toEqual(['work#1', 'work#1', 'work#1']);
  });
});
