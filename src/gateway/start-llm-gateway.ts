import type pg from 'pg';
import type { LlmPolicyCheck } from './llm-policy-check.js';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { NodeModels } from '../engine/node-models.js';
import { startPeriodicTask } from '../engine/periodic-task.js';
import { releaseExpiredReservations } from '../store/budgets/settle-budget-reservations.js';
import type { AppendedRunEvents } from '../store/llm-calls/insert-llm-calls.js';
import { createGatewayNodeModels } from './config/gateway-node-models.js';
import { ModelCatalog } from './config/model-catalog.js';
import type { ResolvedGatewayConfig } from './config/resolve-gateway-config.js';
import { createGateway, type Gateway } from './create-gateway.js';
import { createGatewayMetrics } from './gateway-metrics.js';
import { createRateLimitGate } from './rate-limit/create-rate-limit-gate.js';
import { createRateLimiter } from './rate-limit/create-rate-limiter.js';

/** The gateway of one process with what it serves. */
export interface LlmGateway {
  gateway: Gateway;
  catalog: ModelCatalog;
  /** Workflow nodes' models; undefined when no provider is configured (the agents' built-in engines). */
  nodeModels: NodeModels | undefined;
  /** Writes what is pending, stops the expiry sweep and closes the rate limiter's connections. */
  close(): Promise<void>;
}

export interface LlmGatewayDependencies {
  pool: pg.Pool;
  logger: Logger;
  config: ResolvedGatewayConfig;
  /** `REDIS_URL`: rate-limit counters in Redis instead of PostgreSQL. */
  redisUrl?: string | undefined;
  /** The process's metrics registry (served at /metrics). */
  metrics?: Registry | undefined;
  onRunEvents?: (appended: AppendedRunEvents) => void;
  /** How often expired budget reservations (of crashed processes) are released; default 60 s. */
  expirySweepIntervalMs?: number;
  /** `llm.before` policies (the governance module's). */
  policyCheck?: LlmPolicyCheck | undefined;
}

/**
 * Starts the LLM gateway of a process: rate limits shared through PostgreSQL (or Redis), the
 * configured models, the gateway itself with its metrics, and the sweep that releases the budget
 * reservations of processes that died mid-call.
 */
export function startLlmGateway(dependencies: LlmGatewayDependencies): LlmGateway {
  const { pool, logger, config } = dependencies;
  const limiter = createRateLimiter({ pool, redisUrl: dependencies.redisUrl });
  // The metrics read the breakers of the gateway they are handed to.
  const created: { gateway?: Gateway } = {};
  const metrics = dependencies.metrics ? createGatewayMetrics(dependencies.metrics, () => created.gateway?.breakers() ?? []) : undefined;
  const rateLimits = createRateLimitGate(limiter, config.rateLimits, undefined, (error) =>
    logger.warn({ error: (error as Error).message }, 'giving back unused leased requests failed; they leave the window in a minute'),
  );
  const gateway = createGateway({
    pool,
    logger,
    rateLimits,
    options: config.options,
    policyCheck: dependencies.policyCheck,
    ...(metrics ? { metrics } : {}),
    ...(dependencies.onRunEvents ? { onRunEvents: dependencies.onRunEvents } : {}),
  });
  created.gateway = gateway;
  const catalog = new ModelCatalog(config);
  const sweep = startPeriodicTask(
    'budget-reservation-expiry',
    logger,
    () => releaseExpiredReservations(pool),
    (released) => {
      if (released > 0) logger.warn({ released }, 'released expired budget reservations (their process stopped before settling)');
      return dependencies.expirySweepIntervalMs ?? 60_000;
    },
  );
  return {
    gateway,
    catalog,
    nodeModels: catalog.configured ? createGatewayNodeModels(gateway, catalog) : undefined,
    async close() {
      await sweep.stop();
      await gateway.drain();
      await rateLimits.close();
      await limiter.close();
    },
  };
}
