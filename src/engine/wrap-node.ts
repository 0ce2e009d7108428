import { interrupt, isGraphInterrupt } from '@langchain/langgraph';
import type { ApprovalOutcome } from '../contracts/approval.js';
import { defaultApprovalTimeoutSeconds } from '../core/approval-timeouts.js';
import { isRetryableCode } from '../core/error-catalogue.js';
import { AppError } from '../core/app-error.js';
import { appendRunEvents } from '../store/events/append-run-events.js';
import { findPreviousArtifact } from '../store/artifacts/find-previous-artifact.js';
import { saveArtifact } from '../store/artifacts/save-artifact.js';
import { finishStep } from '../store/steps/finish-step.js';
import { startStep } from '../store/steps/start-step.js';
import { classifyError } from './classify-error.js';
import { StopRequested } from './execution-control.js';
import { executionContextKey, LeaseLostError, type ExecutionContext } from './execution-context.js';
import type { ApprovalGateRequest, NodeContext, NodeFunction } from './workflow-definition.js';

/** The interrupt value a gate raises; the runtime turns it into an `approvals` row. */
export interface ApprovalInterruptValue extends Required<Omit<ApprovalGateRequest, 'payload'>> {
  kind: 'agentbus-approval';
  payload: unknown;
}

interface LangGraphNodeConfig {
  context?: Record<string, unknown>;
  metadata?: { langgraph_step?: number };
  /** LangGraph's signal for this task: aborted when a sibling task of the same step fails. */
  signal?: AbortSignal;
}

/**
 * Wraps a node body so that each execution records a `steps` row and `node-start` / `node-end`
 * events with its duration, can emit reason cards, custom events and artifacts, and stops at
 * cancellation. If the same node already succeeded in this superstep (its checkpoint was lost in a
 * crash) the recorded output is returned without running the body again.
 */
export function wrapNode<State>(name: string, body: NodeFunction<State>): (state: State, config: unknown) => Promise<Partial<State>> {
  return async (state, rawConfig) => {
    const config = rawConfig as LangGraphNodeConfig;
    const execution = config.context?.[executionContextKey] as ExecutionContext | undefined;
    if (!execution) {
      throw new Error(`node ${name} ran outside the Agent Bus runtime (no execution context)`);
    }
    const stepIndex = config.metadata?.langgraph_step ?? -1;
    const { pool, runId, leaseOwnerKey, leaseSeconds, control } = execution;
    const started = await startStep(pool, { runId, leaseOwnerKey, node: name, stepIndex, leaseSeconds });
    if (started.kind === 'recorded') {
      return started.output as Partial<State>;
    }
    if (started.kind === 'lease-lost') {
      control.requestStop('lease-lost', 'abort');
      throw new LeaseLostError(runId);
    }
    execution.announcer.announce(runId, started.lastSeq);
    if (started.cancelRequested) control.requestStop('cancel', 'abort');
    if (started.deadlinePassed) control.requestStop('timeout', 'abort');

    // A sibling's failure ends the run at once; this node must stop too (its model calls above all),
    // not keep spending after the run ended.
    const signal = config.signal ? AbortSignal.any([execution.control.signal, config.signal]) : execution.control.signal;
    const context = createNodeContext(execution, name, started.stepId, started.attempt, signal);
    const startedAt = performance.now();
    const finish = async (ending: Pick<Parameters<typeof finishStep>[1], 'status' | 'output' | 'error'>) => {
      const result = await finishStep(pool, { runId, leaseOwnerKey, stepId: started.stepId, node: name, stepIndex, attempt: started.attempt, durationMs: performance.now() - startedAt, leaseSeconds, ...ending });
      if (result.kind === 'lease-lost') {
        control.requestStop('lease-lost', 'abort');
        throw new LeaseLostError(runId);
      }
      execution.announcer.announce(runId, result.lastSeq);
      if (result.cancelRequested) control.requestStop('cancel', 'drain');
      if (result.deadlinePassed) control.requestStop('timeout', 'drain');
    };
    let settle: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    execution.nodesInFlight.add(settled);
    try {
      control.signal.throwIfAborted();
      const decision = await execution.policyGate.beforeStep({ runId, tenantId: execution.tenantId, workflow: execution.workflow, node: name, attempt: started.attempt });
      if (decision.effect === 'deny') {
        throw new AppError('POLICY_DENIED', decision.reason ?? `Policy "${decision.policy?.name ?? 'a policy'}" denied running node ${name}.`, { node: name, ...(decision.policy ? { policyId: decision.policy.id } : {}) });
      }
      if (decision.effect === 'require_approval') {
        const timeoutOutcome = decision.approval?.timeoutOutcome ?? 'reject';
        // The first interrupt of the node, every time it runs: on resume LangGraph hands it the outcome.
        const outcome = context.requestApproval({
          gate: `policy:${decision.policy?.name ?? 'step.before'}`,
          reason: decision.approval?.reason ?? decision.reason ?? `A policy requires an approval before node ${name} runs.`,
          reasonCategory: decision.approval?.reasonCategory ?? 'other',
          ...(decision.approval?.timeoutSeconds === undefined ? {} : { timeoutSeconds: decision.approval.timeoutSeconds }),
          timeoutOutcome: typeof timeoutOutcome === 'string' ? { decision: timeoutOutcome } : timeoutOutcome,
        });
        if (outcome.decision === 'reject') {
          throw new AppError('POLICY_DENIED', `The approval policy "${decision.policy?.name ?? 'step.before'}" required before node ${name} was ${outcome.auto ? 'not given in time' : 'rejected'}.`, { node: name, approvalId: outcome.approvalId });
        }
      }
      const update = await body(state, context);
      control.signal.throwIfAborted();
      await finish({ status: 'succeeded', output: update ?? {} });
      return update;
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      if (isGraphInterrupt(error)) {
        await finish({ status: 'interrupted' });
        throw error;
      }
      if (control.signal.aborted || error instanceof StopRequested) {
        const reason = control.stopReason ?? 'cancel';
        await finish({ status: 'cancelled', error: new AppError(reason === 'timeout' ? 'RUN_TIMED_OUT' : 'RUN_CANCELLED', `Node stopped: ${reason}.`).toJSON() }).catch(() => undefined);
        throw control.signal.reason ?? error;
      }
      if (signal.aborted) {
        // LangGraph stopped this node because a sibling failed: the sibling's error ends the run.
        await finish({ status: 'cancelled', error: new AppError('RUN_CANCELLED', 'Node stopped: another node of the same step failed.').toJSON() }).catch(() => undefined);
        throw error;
      }
      const classified = classifyError(error);
      const willRetry = isRetryableCode(classified.code) && execution.attempt < execution.maxAttempts;
      await finish({ status: willRetry ? 'retrying' : 'failed', error: classified.toJSON() });
      throw classified;
    } finally {
      execution.nodesInFlight.delete(settled);
      settle();
    }
  };
}

function createNodeContext(execution: ExecutionContext, node: string, stepId: string, attempt: number, signal: AbortSignal): NodeContext {
  const { pool, runId, leaseOwnerKey } = execution;
  const append = async (event: Parameters<typeof appendRunEvents>[2][number]) => {
    const appended = await appendRunEvents(pool, runId, [event], leaseOwnerKey, false);
    if (!appended) {
      execution.control.requestStop('lease-lost', 'abort');
      throw new LeaseLostError(runId);
    }
    execution.announcer.announce(runId, appended.lastSeq);
  };
  return {
    runId,
    node,
    stepId,
    attempt,
    signal,
    emitReasonCard: (card) => append({ type: 'reason-card', data: { ...card, node, stepId } }),
    emitEvent: (name, payload) => append({ type: 'custom', data: { node, name, payload } }),
    saveArtifact: (name, mediaType, content) => saveArtifact(pool, { runId, name, mediaType, content: typeof content === 'string' ? Buffer.from(content) : content }),
    findPreviousArtifact: (name, inputMatch) => findPreviousArtifact(pool, { runId, name, inputMatch }),
    ...withModel(execution.models?.forNode({ tenantId: execution.tenantId, workflow: execution.workflow, runId, stepId, node })),
    requestApproval: (request) => {
      const category = request.reasonCategory ?? 'other';
      const value: ApprovalInterruptValue = {
        kind: 'agentbus-approval',
        gate: request.gate,
        reason: request.reason,
        reasonCategory: category,
        payload: request.payload ?? {},
        questions: request.questions ?? [],
        timeoutSeconds: request.timeoutSeconds ?? defaultApprovalTimeoutSeconds(category),
        timeoutOutcome: request.timeoutOutcome ?? { decision: (request.questions?.length ?? 0) > 0 ? 'answer' : 'approve' },
      };
      return interrupt<ApprovalInterruptValue, ApprovalOutcome>(value);
    },
  };
}

function withModel(languageModel: NodeContext['languageModel']): Pick<NodeContext, 'languageModel'> {
  return languageModel ? { languageModel } : {};
}
