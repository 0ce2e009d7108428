import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlopsArchitectOutput } from '../src/contracts/mlops-architect.js';
import type { Run } from '../src/contracts/run.js';
import type { Engine } from '../src/engine/start-engine.js';
import { createTestApp } from '../src/testing/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/create-test-database.js';
import { loadSharedExamples } from '../src/testing/load-shared-examples.js';
import { createRunThroughApi, waitForRunEnd } from '../src/testing/run-api.js';
import { createTestLogger } from '../src/testing/silent-logger.js';
import { startTestEngine } from '../src/testing/start-test-engine.js';

const logger = createTestLogger();
let database: TestDatabase;
let engine: Engine;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger);
  app = await createTestApp(database, engine, logger);
});

afterAll(async () => {
  await app?.close();
  await engine?.stop(1_000);
  await database?.drop();
});

/** Runs a design as `agentbus design --yes` does: question defaults accepted, any final gate approved. */
async function designNonInteractively(request: string): Promise<Run> {
  const run = await createRunThroughApi(app, { workflow: 'mlops-architect', input: { request, acceptDefaults: true } });
  return waitForRunEnd(app, run.id, { approveGates: true });
}

/** Lists compare as sets: the order fields are read in is not part of the expectation. */
const comparable = (value: unknown) => (Array.isArray(value) ? [...value].sort() : value);

describe('every shared example through the mlops-architect workflow', () => {
  for (const example of loadSharedExamples()) {
    it(`designs "${example.id}": the stated fields as expected, the components and critic flags a careful architect expects`, async () => {
      const finished = await designNonInteractively(example.text);
      expect(finished.status, JSON.stringify(finished.error)).toBe('succeeded');
      const output = finished.output as MlopsArchitectOutput;
      for (const [field, value] of Object.entries(example.expect)) {
        expect(comparable(output.constraints[field as keyof typeof output.constraints]), `${example.id}: ${field}`).toEqual(comparable(value));
      }
      const componentIds = output.plan?.components.map((component) => component.id) ?? [];
      for (const id of example.expectDesign.mustInclude) expect(componentIds, `${example.id} must include ${id}`).toContain(id);
      for (const id of example.expectDesign.mustExclude) expect(componentIds, `${example.id} must exclude ${id}`).not.toContain(id);
      // A flag counts when any review raised it: a revision may then have resolved it, visibly.
      const raised = new Set(output.reviews.flatMap((review) => review.findingCodes));
      for (const code of example.expectDesign.criticFlags) expect([...raised], `${example.id} must raise ${code}`).toContain(code);
      expect(output.artifact?.name).toMatch(/\.zip$/);
      expect(output.validation).toEqual({ ok: true, problems: 0 });
    });
  }
});
