import { Command, isGraphDrained, isGraphInterrupt } from '@langchain/langgraph';
import type pg from 'pg';
import type { Logger } from 'pino';
import { AppError } from '../core/app-error.js';
import { isRetryableCode } from '../core/error-catalogue.js';
import { computeRetryDelayMs } from '../core/retry-backoff.js';
import { loadApprovalOutcomes } from '../store/approvals/list-approvals.js';
import { waitForApprovals, type ApprovalRequest } from '../store/approvals/wait-for-approvals.js';
import type { RunEnding } from '../store/runs/finish-run.js';
import type { RunRow } from '../store/runs/map-run-row.js';
import { requeueRun } from '../store/runs/requeue-run.js';
import { classifyError } from './classify-error.js';
import { StopRequested, type ExecutionControl } from './execution-control.js';
import { executionContextKey, LeaseLostError, type ExecutionContext } from './execution-context.js';
import type { PolicyGate } from './policy-gate.js';
import type { RunEventAnnouncer } from './run-event-announcer.js';
import type { RunExecutor } from './run-executor.js';
import type { RunFinisher } from './run-finisher.js';
import type { ApprovalInterruptValue } from './wrap-node.js';
import type { WorkflowRegistry } from './workflow-registry.js';
import type { NodeModels } from './node-models.js';

/** What the runtime needs. */
export interface WorkflowRuntimeDependencies {
  pool: pg.Pool;
  registry: WorkflowRegistry;
  logger: Logger;
  leaseSeconds: number;
  policyGate: PolicyGate;
  announcer: RunEventAnnouncer;
  finisher: RunFinisher;
  /** Gives nodes their `context.languageModel`; none means every agent uses its built-in engine. */
  models?: NodeModels | undefined;
  /**
   * LangGraph checkpoint durability. `sync` writes each checkpoint before the next node starts;
   * `async` overlaps the write with the next node (a crash can lose the last checkpoint, which the
   * step log's recorded outputs make harmless). See bench/steps-bench.ts for the cost of each.
   */
  durability: 'sync' | 'async';
}

type GraphInput = unknown;

/**
 * Executes claimed runs on LangGraph (thread = run id). Decides where a run starts: its input on
 * first claim; its last checkpoint after a crash, retry or hand-back; a `Command({ resume })` with
 * the recorded approval outcomes after a gate was decided. Then streams the graph to the end, to a
 * gate (the run parks as `waiting_approval`), or to an error (retry with backoff, or `failed`).
 */
export function createWorkflowRuntime(dependencies: WorkflowRuntimeDependencies): RunExecutor {
  const { pool, registry, logger, leaseSeconds, durability, policyGate, announcer, finisher, models } = dependencies;

  return {
    async execute(run: RunRow, leaseOwnerKey: number, control: ExecutionControl): Promise<void> {
      const log = logger.child({ run_id: run.id, workflow: run.workflow });
      const { definition, graph } = registry.get(run.workflow);
      const config = { configurable: { thread_id: run.id } };
      const execution: ExecutionContext = { pool, runId: run.id, tenantId: run.tenant_id, workflow: run.workflow, policyGate, models, announcer, attempt: run.attempt, maxAttempts: run.max_attempts, leaseOwnerKey, leaseSeconds, control, nodesInFlight: new Set() };
      const finish = (ending: RunEnding) => finisher.finish(run.id, leaseOwnerKey, ending);
      try {
        let input: GraphInput | undefined = (await registry.checkpointer.getTuple(config)) ? await resumeInput() : run.input;
        while (input !== undefined) {
          const stream = await graph.stream(input, { ...config, durability, context: { [executionContextKey]: execution }, control: control.graphControl, signal: control.signal, streamMode: 'updates' });
          for await (const chunk of stream) {
            void chunk;
          }
          input = await resumeInput();
        }
      } catch (error) {
        await handleStop(error);
      }

      /**
       * Where to go from the current checkpoint: undefined once the run has finished or parked at a
       * gate; otherwise the next graph input.
       */
      async function resumeInput(): Promise<GraphInput | undefined> {
        const state = await graph.getState(config);
        const interrupts = state.tasks.flatMap((task) => task.interrupts).filter((pending) => pending.id !== undefined);
        if (interrupts.length > 0) {
          const outcomes = await loadApprovalOutcomes(pool, run.id);
          const undecided = interrupts.filter((pending) => !outcomes.has(pending.id as string));
          if (undecided.length === 0) {
            return new Command({ resume: Object.fromEntries(interrupts.map((pending) => [pending.id, outcomes.get(pending.id as string)?.outcome])) });
          }
          const requests = undecided.map((pending) => toApprovalRequest(pending.id as string, pending.value));
          const parked = await waitForApprovals(pool, run.id, leaseOwnerKey, requests);
          log.info({ approvals: parked?.map((row) => row.id) }, parked ? 'run waiting for approval' : 'lease lost before parking at a gate');
          return undefined;
        }
        if (state.next.length > 0) {
          return null;
        }
        const output = definition.outputOf ? definition.outputOf(state.values) : state.values;
        await finish({ status: 'succeeded', output });
        return undefined;
      }

      async function handleStop(error: unknown): Promise<void> {
        if (error instanceof LeaseLostError || control.stopReason === 'lease-lost') {
          log.warn('lease lost; another worker owns the run now');
          return;
        }
        if (control.stopReason !== undefined && (isGraphDrained(error) || error instanceof StopRequested || control.signal.aborted)) {
          // Let aborted nodes record their end (they got the abort signal) before the run ends.
          await settleWithin(execution.nodesInFlight, nodeSettleTimeoutMs);
          switch (control.stopReason) {
            case 'cancel':
              await finish({ status: 'cancelled', error: new AppError('RUN_CANCELLED', 'The run was cancelled.').toJSON() });
              return;
            case 'timeout':
              await finish({ status: 'timed_out', error: new AppError('RUN_TIMED_OUT', `The run exceeded its time limit of ${run.timeout_seconds ?? '?'} s.`).toJSON() });
              return;
            case 'shutdown':
              await requeueRun(pool, run.id, leaseOwnerKey, { reason: 'handed-back', delayMs: 0, nextAttempt: false });
              log.info('handed back to the queue on shutdown; resumes from its last checkpoint');
              return;
            default: {
              const unreachable: never = control.stopReason;
              throw new Error(`unhandled stop reason ${String(unreachable)}`);
            }
          }
        }
        if (isGraphInterrupt(error)) {
          return;
        }
        // Sibling nodes of the failed one were aborted by LangGraph: let them record how they ended
        // before the run does, so nothing of theirs lands after run-ended.
        await settleWithin(execution.nodesInFlight, nodeSettleTimeoutMs);
        const classified = classifyError(error);
        if (isRetryableCode(classified.code) && run.attempt < run.max_attempts) {
          const delayMs = computeRetryDelayMs(run.attempt);
          log.warn({ error: classified.toJSON(), delay_ms: delayMs }, 'run failed with a retryable error; retrying');
          await requeueRun(pool, run.id, leaseOwnerKey, { reason: 'retry', delayMs, nextAttempt: true, error: classified.toJSON() });
          return;
        }
        // A hard budget limit ends the run as budget_exceeded: spending more needs a person, not a retry.
        const status = classified.code === 'BUDGET_EXCEEDED' ? 'budget_exceeded' : 'failed';
        log.warn({ error: classified.toJSON() }, status === 'budget_exceeded' ? 'run stopped: budget exceeded' : 'run failed');
        await finish({ status, error: classified.toJSON() });
      }
    },
  };
}

/** How long a stopped run waits for its aborted nodes to wind down before ending anyway. */
const nodeSettleTimeoutMs = 5_000;

async function settleWithin(work: Set<Promise<unknown>>, timeoutMs: number): Promise<void> {
  if (work.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled([...work]), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

function toApprovalRequest(interruptId: string, value: unknown): ApprovalRequest {
  const gate = value as Partial<ApprovalInterruptValue> | undefined;
  if (gate?.kind !== 'agentbus-approval') {
    // A raw interrupt() from workflow code: treat it as a plain approval with the value as payload.
    return { interruptId, gate: 'interrupt', reason: 'The workflow paused for a decision.', reasonCategory: 'other', payload: value ?? {}, questions: [], timeoutSeconds: 300, timeoutOutcome: { decision: 'approve' } };
  }
  return {
    interruptId,
    gate: gate.gate ?? 'gate',
    reason: gate.reason ?? '',
    reasonCategory: gate.reasonCategory ?? 'other',
    payload: gate.payload ?? {},
    questions: gate.questions ?? [],
    timeoutSeconds: gate.timeoutSeconds ?? 300,
    timeoutOutcome: gate.timeoutOutcome ?? { decision: 'approve' },
  };
}
