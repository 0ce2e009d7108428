import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { WorkflowDefinition } from '../../engine/workflow-definition.js';

const inputSchema = z.strictObject({
  steps: z.number().int().min(1).max(1000).default(3).describe('How many times the `work` node runs.'),
  delayMs: z.number().int().min(0).max(600_000).default(0).describe('How long each step takes.'),
  failFirstAttempts: z.number().int().min(0).max(20).default(0).describe('Each step fails this many times with a transient (retryable) error first.'),
});

export type DemoStepsInput = z.infer<typeof inputSchema>;

const DemoStepsState = Annotation.Root({
  steps: Annotation<number>(),
  delayMs: Annotation<number>(),
  failFirstAttempts: Annotation<number>(),
  completed: Annotation<number>({ reducer: (_previous, next) => next, default: () => 0 }),
});

type State = typeof DemoStepsState.State;

/**
 * A loop of `steps` timed no-op nodes: the smallest workflow that exercises checkpoints, leases,
 * crash recovery, retries and cancellation. Used by smoke tests, crash tests and benchmarks.
 */
export const demoStepsWorkflow: WorkflowDefinition<DemoStepsInput> = {
  name: 'demo-steps',
  version: 1,
  description: 'Runs a node `steps` times in a loop, each taking `delayMs`, optionally failing transiently first. For smoke tests and benchmarks.',
  inputSchema,
  createGraph(defineNode) {
    return new StateGraph(DemoStepsState)
      .addNode(
        'work',
        defineNode<State>('work', async (state, context) => {
          if (context.attempt <= state.failFirstAttempts) {
            throw new AppError('UPSTREAM_UNAVAILABLE', `step ${state.completed + 1} failed on purpose (attempt ${context.attempt} of the first ${state.failFirstAttempts})`);
          }
          if (state.delayMs > 0) {
            await new Promise((resolve, reject) => {
              const timer = setTimeout(resolve, state.delayMs);
              context.signal.addEventListener('abort', () => (clearTimeout(timer), reject(context.signal.reason)), { once: true });
            });
          }
          return { completed: state.completed + 1 };
        }),
      )
      .addEdge(START, 'work')
      .addConditionalEdges('work', (state: State) => (state.completed < state.steps ? 'work' : END), { work: 'work', [END]: END });
  },
  outputOf(state) {
    return { completed: (state as State).completed };
  },
};
