import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { allowAllPolicies } from '../engine/policy-gate.js';
import type { Engine } from '../engine/start-engine.js';
import type { AppDependencies } from '../http/app-dependencies.js';
import { createApp } from '../http/create-app.js';
import { loadMigrations } from '../store/migrate-database.js';
import { TenantDatabase } from '../store/tenant-database.js';
import type { TestDatabase } from './create-test-database.js';

/** The HTTP app wired to a test database and engine (in-process: use `app.inject`, or listen on port 0). */
export async function createTestApp(
  database: TestDatabase,
  engine: Engine,
  logger: Logger,
  overrides: Partial<Pick<AppDependencies, 'bodyLimitBytes' | 'heartbeatIntervalMs' | 'documentation' | 'llm' | 'metrics' | 'authentication' | 'policyGate' | 'protection' | 'policyEngine'>> = {},
): Promise<FastifyInstance> {
  const migrations = await loadMigrations();
  return createApp(
    {
      // Route tests act as the local owner; governance tests pass a real authenticator.
      authentication: { mode: 'off' },
      tenantDatabase: await TenantDatabase.open(database.pool),
      pool: database.pool,
      registry: engine.registry,
      listener: engine.listener,
      policyGate: allowAllPolicies,
      latestMigrationVersion: migrations.at(-1)?.version ?? 0,
      version: 'test',
      ...overrides,
      bodyLimitBytes: overrides.bodyLimitBytes ?? 1_048_576,
      heartbeatIntervalMs: overrides.heartbeatIntervalMs ?? 10_000,
    },
    logger,
  );
}
