import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { LlmGateway } from '../gateway/start-llm-gateway.js';
import type { PolicyGate } from '../engine/policy-gate.js';
import type { PolicyEngine } from '../governance/policies/policy-engine.js';
import type { PostgresNotificationListener } from '../engine/notification-listener.js';
import type { WorkflowRegistry } from '../engine/workflow-registry.js';
import type { TenantDatabase } from '../store/tenant-database.js';
import type { ApiProtection } from './plugins/register-api-protection.js';
import type { AuthenticationSetting } from './plugins/register-authentication.js';

/** Everything the HTTP app needs; `createApp` constructs nothing that talks to the outside. */
export interface AppDependencies {
  pool: pg.Pool;
  registry: WorkflowRegistry;
  listener: PostgresNotificationListener;
  policyGate: PolicyGate;
  /** Policies CRUD and the test endpoint; absent: those routes are not served (the in-process `design` API). */
  policyEngine?: PolicyEngine | undefined;
  /** Who may call: API keys and sessions, or the local owner (authentication off, loopback only). */
  authentication: AuthenticationSetting;
  /** Security headers, CORS and the per-caller request rate limit (default: 600 a minute, no CORS). */
  protection?: ApiProtection | undefined;
  /** Request-scoped reads under row-level security. */
  tenantDatabase: TenantDatabase;
  /** The highest migration version; `/readyz` checks the database has it. */
  latestMigrationVersion: number;
  version: string;
  /** Largest accepted request body in bytes. */
  bodyLimitBytes: number;
  /** How often an idle SSE stream sends a `: heartbeat` comment. */
  heartbeatIntervalMs: number;
  /**
   * Serve the OpenAPI document and Swagger UI (default true). `agentbus design`'s private in-process
   * API turns them off: nobody reads them there, and building them costs start-up time.
   */
  documentation?: boolean;
  /** The LLM gateway behind `/v1/chat/completions`, `/v1/models` and the breaker endpoint; absent: those routes are not served. */
  llm?: LlmGateway | undefined;
  /** Served at `/metrics` in Prometheus's text format when given. */
  metrics?: Registry | undefined;
}
