import { allowAllPolicies } from '../engine/policy-gate.js';
import type { Engine } from '../engine/start-engine.js';
import type { AppDependencies } from '../http/app-dependencies.js';
import type { ServerConfig } from './config/server-config.js';
import type { OpenDatabase } from './open-database.js';
import { packageVersion } from './package-version.js';

/** What the HTTP app needs, from the environment, the open database, the running engine and the process's governance. */
export function appDependenciesFromConfig(config: ServerConfig, database: OpenDatabase, engine: Engine, governance: Pick<AppDependencies, 'authentication' | 'tenantDatabase'>): AppDependencies {
  return {
    ...governance,
    pool: database.pool,
    registry: engine.registry,
    listener: engine.listener,
    policyGate: allowAllPolicies,
    latestMigrationVersion: database.latestMigrationVersion,
    version: packageVersion,
    bodyLimitBytes: config.AGENTBUS_BODY_LIMIT_BYTES,
    protection: {
      requestsPerMinute: config.AGENTBUS_API_RATE_LIMIT_RPM,
      corsOrigins: (config.AGENTBUS_CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''),
    },
    heartbeatIntervalMs: config.AGENTBUS_HEARTBEAT_MS,
  };
}
