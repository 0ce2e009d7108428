import type pg from 'pg';
import type { PolicyGate } from '../engine/policy-gate.js';
import type { PostgresNotificationListener } from '../engine/notification-listener.js';
import type { WorkflowRegistry } from '../engine/workflow-registry.js';

/** Everything the HTTP app needs; `createApp` constructs nothing that talks to the outside. */
export interface AppDependencies {
  pool: pg.Pool;
  registry: WorkflowRegistry;
  listener: PostgresNotificationListener;
  policyGate: PolicyGate;
  /** The highest migration version; `/readyz` checks the database has it. */
  latestMigrationVersion: number;
  version: string;
  /** Largest accepted request body in bytes. */
  bodyLimitBytes: number;
  /** How often an idle SSE stream sends a `: heartbeat` comment. */
  heartbeatIntervalMs: number;
}
