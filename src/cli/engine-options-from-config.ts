import type { EngineOptions } from '../engine/start-engine.js';
import type { ServerConfig } from './config/server-config.js';

/** The engine settings every command that runs workers takes from the environment. */
export function engineOptionsFromConfig(config: ServerConfig, options: { runWorker: boolean; workerName: string }): EngineOptions {
  return {
    runWorker: options.runWorker,
    concurrency: config.AGENTBUS_CONCURRENCY,
    pollIntervalMs: config.AGENTBUS_POLL_INTERVAL_MS,
    leaseSeconds: config.AGENTBUS_LEASE_SECONDS,
    sweepIntervalMs: config.AGENTBUS_SWEEP_INTERVAL_MS,
    approvalTimerMs: config.AGENTBUS_APPROVAL_TIMER_MS,
    durability: config.AGENTBUS_CHECKPOINT_DURABILITY,
    workerName: options.workerName,
  };
}
