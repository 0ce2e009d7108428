import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { z } from 'zod';
import type { ApprovalOutcome } from '../../contracts/approval.js';
import type { WorkflowDefinition } from '../../engine/workflow-definition.js';

const inputSchema = z.strictObject({
  name: z.string().min(1).max(100).default('world').describe('Who to greet.'),
  approvalTimeoutSeconds: z.number().int().min(1).max(7 * 24 * 3600).default(300).describe('Seconds the gate waits for a decision.'),
  timeoutOutcome: z.enum(['approve', 'reject']).default('approve').describe('What happens when nobody decides in time.'),
});

export type HelloApprovalInput = z.infer<typeof inputSchema>;

// Every state key is declared: LangGraph silently drops keys a node returns that are not.
const HelloApprovalState = Annotation.Root({
  name: Annotation<string>(),
  approvalTimeoutSeconds: Annotation<number>(),
  timeoutOutcome: Annotation<'approve' | 'reject'>(),
  greeting: Annotation<string>(),
  draft: Annotation<string>(),
  decision: Annotation<ApprovalOutcome | null>(),
  result: Annotation<string>(),
});

type State = typeof HelloApprovalState.State;

/**
 * The example workflow of the docs and tests: two steps, an approval gate, a third step.
 * `greet` → `compose` → `review` (gate) → `publish`. (Node names must differ from state keys.)
 */
export const helloApprovalWorkflow: WorkflowDefinition<HelloApprovalInput> = {
  name: 'hello-approval',
  version: 1,
  description: 'Greets someone, drafts a message, waits for a person to approve it (or for the deadline), then publishes or discards it.',
  inputSchema,
  createGraph(defineNode) {
    return new StateGraph(HelloApprovalState)
      .addNode(
        'greet',
        defineNode<State>('greet', async (state, context) => {
          const greeting = `Hello, ${state.name}!`;
          await context.emitReasonCard({
            agent: 'greeter',
            inputs: { name: state.name },
            reasoning: 'A short, friendly greeting addressed by name.',
            decision: greeting,
            alternatives: [{ option: `Hi ${state.name}`, reason: 'less formal than the audience expects' }],
            confidence: state.name === 'world' ? 0.6 : 0.9,
          });
          return { greeting };
        }),
      )
      .addNode(
        'compose',
        defineNode<State>('compose', async (state, context) => {
          const draft = `${state.greeting} This message was drafted by Agent Bus and needs a human's approval before it goes out.`;
          await context.emitEvent('draft-ready', { characters: draft.length });
          return { draft };
        }),
      )
      .addNode(
        'review',
        defineNode<State>('review', (state, context) => {
          const decision = context.requestApproval({
            gate: 'publish-greeting',
            reason: `Publish the greeting for ${state.name}?`,
            reasonCategory: 'quality',
            payload: { draft: state.draft },
            timeoutSeconds: state.approvalTimeoutSeconds,
            timeoutOutcome: { decision: state.timeoutOutcome },
          });
          return { decision };
        }),
      )
      .addNode(
        'publish',
        defineNode<State>('publish', async (state, context) => {
          const approved = state.decision?.decision !== 'reject';
          const result = approved ? 'published' : 'discarded';
          if (approved) {
            await context.saveArtifact('greeting.txt', 'text/plain; charset=utf-8', `${state.draft}\n`);
          }
          await context.emitReasonCard({
            agent: 'publisher',
            inputs: { decision: state.decision?.decision ?? 'none', auto: state.decision?.auto ?? false },
            reasoning: state.decision?.auto ? 'Nobody decided before the deadline; the gate applied its timeout outcome.' : `Decided by ${state.decision?.decidedBy ?? 'a reviewer'}.`,
            decision: result,
            alternatives: [],
            confidence: state.decision?.auto ? 0.7 : 1,
          });
          return { result };
        }),
      )
      .addEdge(START, 'greet')
      .addEdge('greet', 'compose')
      .addEdge('compose', 'review')
      .addEdge('review', 'publish')
      .addEdge('publish', END);
  },
  outputOf(state) {
    const final = state as State;
    return { greeting: final.greeting, result: final.result, decision: final.decision?.decision ?? null, decidedAutomatically: final.decision?.auto ?? false };
  },
};
