import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { z } from 'zod';
import type { ApprovalDecisionValue, ApprovalOutcome, ApprovalQuestion } from '../contracts/approval.js';
import type { Artifact } from '../contracts/artifact.js';
import type { ReasonCard } from '../contracts/run-event.js';
import type { ApprovalReasonCategory } from '../core/approval-timeouts.js';
import type { LanguageModel } from '../gateway/language-model.js';

/** What a node can do besides returning its state update. */
export interface NodeContext {
  runId: string;
  node: string;
  stepId: string;
  /** 1 on the first execution of this node in this superstep; higher after a crash or retry. */
  attempt: number;
  /** Aborted when the run is cancelled, times out or its worker shuts down hard. */
  signal: AbortSignal;
  /** Appends a reason card to the run's event log (it streams to clients at once). */
  emitReasonCard(card: ReasonCard): Promise<void>;
  /** Appends a custom event, e.g. progress of a long step. */
  emitEvent(name: string, payload: unknown): Promise<void>;
  /** Stores a file the run produced. Saving the same name twice replaces it (re-runs are safe). */
  saveArtifact(name: string, mediaType: string, content: Buffer | string): Promise<Artifact>;
  /**
   * Pauses the run at a gate until a person decides or the deadline passes, then returns the
   * outcome. Built on LangGraph's `interrupt()`: the node runs again from its top when the run
   * resumes, so code before this call must be idempotent.
   */
  requestApproval(request: ApprovalGateRequest): ApprovalOutcome;
  /**
   * The newest artifact called `name` from an earlier succeeded run of this workflow whose input
   * contains `inputMatch` (e.g. the same project), or null: how a run finds the version it follows.
   */
  findPreviousArtifact(name: string, inputMatch: Record<string, unknown>): Promise<PreviousArtifact | null>;
  /** The configured language model, when one is; agents fall back to their built-in engine without it. */
  languageModel?: LanguageModel;
}

/** An artifact of an earlier run, with its bytes. */
export interface PreviousArtifact {
  runId: string;
  artifact: Artifact;
  content: Buffer;
}

/** A gate's question, reason and timeout behaviour. */
export interface ApprovalGateRequest {
  gate: string;
  reason: string;
  reasonCategory?: ApprovalReasonCategory;
  payload?: unknown;
  questions?: ApprovalQuestion[];
  /** Seconds before the timeout outcome applies; defaults by reason category. */
  timeoutSeconds?: number;
  /** What happens when nobody decides; defaults to `approve` (or the question defaults). */
  timeoutOutcome?: ApprovalDecisionValue;
}

/** A node body: the state in, a state update out. */
export type NodeFunction<State> = (state: State, context: NodeContext) => Promise<Partial<State>> | Partial<State>;

/** Wraps a node body so that it records steps and events (given to {@link WorkflowDefinition.createGraph}). */
export type DefineNode = <State>(name: string, body: NodeFunction<State>) => (state: State, config: unknown) => Promise<Partial<State>>;

/** A compiled graph as the runtime uses it. */
export interface CompiledWorkflowGraph {
  stream(input: unknown, options: Record<string, unknown>): Promise<AsyncIterable<unknown>>;
  getState(config: { configurable: { thread_id: string } }): Promise<{ values: unknown; next: string[]; tasks: { interrupts: { id?: string; value?: unknown }[] }[] }>;
  getGraphAsync(): Promise<{ nodes: Record<string, { id: string }>; edges: { source: string; target: string; conditional?: boolean }[] }>;
}

/** A graph builder ready to compile. */
export interface CompilableGraph {
  compile(options: { checkpointer: BaseCheckpointSaver }): unknown;
}

/** A built-in workflow. */
export interface WorkflowDefinition<Input = Record<string, unknown>> {
  name: string;
  version: number;
  description: string;
  inputSchema: z.ZodType<Input>;
  /** Builds the StateGraph; wrap every node with `defineNode` so it records steps and events. */
  createGraph(defineNode: DefineNode): CompilableGraph;
  /**
   * Starts slow one-off preparation in the background (e.g. warming a parser in a worker thread)
   * so the first run does not pay for it. Called when a worker starts; commands may call it earlier.
   * Must return at once and be safe to call more than once.
   */
  prepare?(): void;
  /** The run's output from the final state (keep it small); the whole state when omitted. */
  outputOf?(state: unknown): unknown;
}
