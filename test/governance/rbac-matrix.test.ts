import { afterAll, beforeAll, it } from 'vitest';
import type { Engine } from '../../src/engine/start-engine.js';
import { createGovernedTestApp, type GovernedTestApp } from '../../src/testing/create-governed-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { createTestLogger } from '../../src/testing/silent-logger.js';
import { startTestEngine } from '../../src/testing/start-test-engine.js';

const logger = createTestLogger();
let database: TestDatabase;
let engine: Engine;
let governed: GovernedTestApp;
beforeAll(async () => {
  database = await createTestDatabase();
  engine = await startTestEngine(database, logger, { runWorker: false });
  governed = await createGovernedTestApp(database, engine, logger);
});
afterAll(async () => {
  await governed?.close();
  await engine?.stop(500);
  await database?.drop();
});
it('probe', async () => {
  await governed.app.ready();
  console.log(governed.app.printRoutes({ commonPrefix: false, includeMeta: ['permission'] }));
});
