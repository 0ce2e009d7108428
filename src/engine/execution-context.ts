import type pg from 'pg';
import type { ExecutionControl } from './execution-control.js';
import type { NodeModels } from './node-models.js';
import type { PolicyGate } from './policy-gate.js';
import type { RunEventAnnouncer } from './run-event-announcer.js';

/** What the runtime hands every node wrapper of one run execution (through LangGraph's `context`). */
export interface ExecutionContext {
  pool: pg.Pool;
  runId: string;
  tenantId: string;
  workflow: string;
  policyGate: PolicyGate;
  /** Gives each node its `context.languageModel`; absent means the built-in engines. */
  models?: NodeModels | undefined;
  attempt: number;
  maxAttempts: number;
  leaseOwnerKey: number;
  leaseSeconds: number;
  control: ExecutionControl;
  /** Sends the NOTIFY for events the hot statements appended (after their commit). */
  announcer: RunEventAnnouncer;
  /**
   * Node bodies still running. LangGraph rejects at once on abort while the aborted node keeps
   * going; the runtime waits (briefly) for these so each node records how it ended.
   */
  nodesInFlight: Set<Promise<unknown>>;
}

/** The key under which the execution context travels in LangGraph's run `context`. */
export const executionContextKey = 'agentbus';

/** Thrown inside a node when the worker no longer holds the run: stop without writing anything. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`lease on run ${runId} was lost`);
    this.name = 'LeaseLostError';
  }
}
