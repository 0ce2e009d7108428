import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { startEngine, type Engine, type EngineOptions } from '../engine/start-engine.js';
import type { LanguageModel } from '../gateway/language-model.js';
import { builtInWorkflows } from '../workflows/built-in-workflows.js';
import type { TestDatabase } from './create-test-database.js';

/** Engine settings tuned for fast tests (short poll, sweep and timer intervals). */
export const testEngineOptions: EngineOptions = {
  runWorker: true,
  concurrency: 5,
  pollIntervalMs: 200,
  leaseSeconds: 30,
  sweepIntervalMs: 100,
  approvalTimerMs: 100,
  durability: 'sync',
  workerName: `${hostname()}:test`,
};

/** Starts an engine with the built-in workflows against a test database (and, when given, a language model for the agents). */
export function startTestEngine(database: TestDatabase, logger: Logger, overrides: Partial<EngineOptions> = {}, languageModel?: LanguageModel): Promise<Engine> {
  return startEngine(
    { pool: database.pool, connectionString: database.connectionString, logger, workflows: builtInWorkflows, ...(languageModel ? { languageModel } : {}) },
    { ...testEngineOptions, ...overrides },
  );
}
