import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlopsArchitectOutput } from '../src/contracts/mlops-architect.js';
import type { RunEvent } from '../src/contracts/run-event.js';
import type { Engine } from '../src/engine/start-engine.js';
import { createTestApp } from '../src/testing/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/create-test-database.js';
import { createRunThroughApi, waitForRunEnd } from '../src/testing/run-api.js';
import { ScriptedLanguageModel } from '../src/testing/scripted-language-model.js';
import { createTestLogger } from '../src/testing/silent-logger.js';
import { startTestEngine } from '../src/testing/start-test-engine.js';
import { buildModelConstraints } from '../src/workflows/mlops-architect/language-model/__fixtures__/build-model-constraints.js';

const logger = createTestLogger();
const request = 'Real-time fraud detection on AWS, p99 under 100 ms, 10,000 requests per second, PCI DSS, budget $15,000 per month.';

// The model reads the request well but invents HIPAA; every later call fails (a provider outage),
// so the other agents fall back to the built-in engine.
const model = new ScriptedLanguageModel(
  [
    buildModelConstraints({
      latencyMs: { value: 100, quote: 'p99 under 100 ms' },
      throughputRps: { value: 10_000, quote: '10,000 requests per second' },
      compliance: [
        { value: 'PCI_DSS', quote: 'PCI DSS' },
        { value: 'HIPAA', quote: 'fraud detection' },
      ],
      workloads: [{ value: 'online_inference', quote: 'Real-time fraud detection' }],
      cloud: { value: 'aws', quote: 'AWS' },
      budgetMonthlyUsd: { value: 15_000, quote: '$15,000 per month' },
    }),
  ],
  { provider: 'scripted', modelId: 'architect-test' },
);

let database: TestDatabase;
let engine: Engine;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger, {}, model);
  app = await createTestApp(database, engine, logger);
});

afterAll(async () => {
  await app?.close();
  await engine?.stop(1_000);
  await database?.drop();
});

describe('the MLOps Architect with a language model', () => {
  it('checks the model with the built-in engine, corrects an invented framework and falls back when the model fails, saying so on the cards', async () => {
    const run = await createRunThroughApi(app, { workflow: 'mlops-architect', input: { request, finalGateTimeoutSeconds: 1 } });
    const finished = await waitForRunEnd(app, run.id);
    expect(finished.status, JSON.stringify(finished.error)).toBe('succeeded');
    const output = finished.output as MlopsArchitectOutput;
    expect(output.constraints.compliance).toEqual(['PCI_DSS']);

    const events = (await app.inject({ method: 'GET', url: `/api/v1/runs/${run.id}/events?limit=1000` })).json<{ items: RunEvent[] }>().items;
    const cards = events.flatMap((event) => (event.type === 'reason-card' ? [event.data] : []));
    const extraction = cards.find((card) => card.agent === 'constraint-extraction');
    expect(extraction?.inputs).toMatchObject({ engine: 'model', model: 'scripted/architect-test' });
    expect(extraction?.inputs.corrections).toBeGreaterThanOrEqual(1);
    expect(extraction?.reasoning).toMatch(/HIPAA.*removed/);
    const planner = cards.find((card) => card.agent === 'planner');
    expect(planner?.inputs).toMatchObject({ engine: 'builtin', model: 'scripted/architect-test' });
    expect(planner?.reasoning).toMatch(/Fallback: .*no response left/);
    expect(model.requests.length).toBeGreaterThanOrEqual(6);
  });
});
