import { RunControl } from '@langchain/langgraph';

/** Why a worker stops a run before the graph finishes. */
export type StopReason = 'cancel' | 'timeout' | 'shutdown' | 'lease-lost';

/**
 * Stops one run's execution, either at the next node boundary (`drain`, via LangGraph's
 * `RunControl`: the checkpoint is saved and the run can resume) or at once (`abort`, via the
 * `AbortSignal` every node receives and LangGraph honours). The first reason given wins.
 */
export class ExecutionControl {
  readonly graphControl = new RunControl();
  readonly #abortController = new AbortController();
  #stopReason: StopReason | undefined;

  /** Aborted when the run must stop now; pass it to anything slow (LLM calls, HTTP). */
  get signal(): AbortSignal {
    return this.#abortController.signal;
  }

  get stopReason(): StopReason | undefined {
    return this.#stopReason;
  }

  /** Asks the run to stop; `abort` also cancels the node in flight. */
  requestStop(reason: StopReason, mode: 'drain' | 'abort'): void {
    this.#stopReason ??= reason;
    this.graphControl.requestDrain(this.#stopReason);
    if (mode === 'abort' && !this.#abortController.signal.aborted) {
      this.#abortController.abort(new StopRequested(this.#stopReason));
    }
  }
}

/** The abort reason carried by {@link ExecutionControl.signal}. */
export class StopRequested extends Error {
  constructor(readonly reason: StopReason) {
    super(`run stopped: ${reason}`);
    this.name = 'StopRequested';
  }
}
