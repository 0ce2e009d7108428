import { SingleStatementPostgresSaver } from '../store/single-statement-postgres-saver.js';
import type pg from 'pg';
import type { Logger } from 'pino';
import { checkpointSchema } from '../store/checkpoint-schema.js';
import { startApprovalTimer } from './approval-timer.js';
import { startLostRunSweeper } from './lost-run-sweeper.js';
import { PostgresNotificationListener } from './notification-listener.js';
import { RunEventAnnouncer } from './run-event-announcer.js';
import { RunFinisher } from './run-finisher.js';
import type { PeriodicTask } from './periodic-task.js';
import { allowAllPolicies, type PolicyGate } from './policy-gate.js';
import type { RunExecutor } from './run-executor.js';
import { RunWorker } from './run-worker.js';
import { acquireWorkerLivenessLock, type WorkerLivenessLock } from './worker-liveness-lock.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { WorkflowRegistry } from './workflow-registry.js';
import { createWorkflowRuntime } from './workflow-runtime.js';
import type { LanguageModel } from '../gateway/language-model.js';
import { fixedNodeModels, type NodeModels } from './node-models.js';

/** Engine settings of one process. */
export interface EngineOptions {
  /** Run a worker in this process (serve does by default; an API-only process would not). */
  runWorker: boolean;
  concurrency: number;
  pollIntervalMs: number;
  leaseSeconds: number;
  sweepIntervalMs: number;
  approvalTimerMs: number;
  durability: 'sync' | 'async';
  workerName: string;
}

/** What a running engine offers the rest of the process. */
export interface Engine {
  registry: WorkflowRegistry;
  listener: PostgresNotificationListener;
  /** Announces appended run events to live streams (the gateway's `llm-call` events use it too). */
  announcer: RunEventAnnouncer;
  worker: RunWorker | undefined;
  /** Stops claiming, lets runs finish for `graceMs`, hands back the rest, then stops timers. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Starts the engine of a process: the shared LISTEN connection, the worker (with its liveness
 * lock) when asked, the lost-run sweeper and the approval timer. `executor` replaces the workflow
 * runtime (benchmarks use a no-op one).
 */
export async function startEngine(
  dependencies: {
    pool: pg.Pool;
    connectionString: string;
    logger: Logger;
    workflows: readonly WorkflowDefinition<never>[];
    /** Replaces the workflow runtime (benchmarks measure the queue alone); gets the engine's finisher. */
    createExecutor?: (finisher: RunFinisher) => RunExecutor;
    policyGate?: PolicyGate;
    /** Gives workflow nodes their model (the gateway, attributed per node); without it every agent uses its built-in engine. */
    models?: NodeModels | undefined;
    /** One model for every node, unattributed (tests); `models` wins. */
    languageModel?: LanguageModel | undefined;
  },
  options: EngineOptions,
): Promise<Engine> {
  const { pool, connectionString, logger } = dependencies;
  const registry = new WorkflowRegistry(dependencies.workflows, new SingleStatementPostgresSaver(pool, checkpointSchema));
  const listener = new PostgresNotificationListener(connectionString, logger);
  await listener.start();
  const announcer = new RunEventAnnouncer(pool, logger);
  const finisher = new RunFinisher(pool, announcer);
  let lock: WorkerLivenessLock | undefined;
  let worker: RunWorker | undefined;
  if (options.runWorker) {
    for (const workflow of dependencies.workflows) workflow.prepare?.();
    lock = await acquireWorkerLivenessLock(connectionString, logger);
    const executor = dependencies.createExecutor?.(finisher) ?? createWorkflowRuntime({ pool, registry, logger, leaseSeconds: options.leaseSeconds, durability: options.durability, policyGate: dependencies.policyGate ?? allowAllPolicies, models: dependencies.models ?? (dependencies.languageModel ? fixedNodeModels(dependencies.languageModel) : undefined), announcer, finisher });
    worker = new RunWorker(
      { pool, listener, executor, logger, workerKey: lock.key, announcer, finisher },
      { concurrency: options.concurrency, pollIntervalMs: options.pollIntervalMs, leaseSeconds: options.leaseSeconds, workerName: `${options.workerName}#${lock.key}` },
    );
    await worker.start();
  }
  const tasks: PeriodicTask[] = [startLostRunSweeper(pool, logger, options.sweepIntervalMs), startApprovalTimer(pool, logger, options.approvalTimerMs)];
  return {
    registry,
    listener,
    announcer,
    worker,
    async stop(graceMs) {
      await worker?.stop(graceMs);
      await Promise.all(tasks.map((task) => task.stop()));
      await finisher.drain();
      await announcer.drain();
      await lock?.release();
      await listener.close();
    },
  };
}
