import type { ReasonCard } from '../../../contracts/run-event.js';
import type { NodeContext } from '../../../engine/workflow-definition.js';
import type { RepositoryReasonCard } from '../codegen/repository-input.js';

/**
 * Streams an agent's reason card and returns it in the form the state keeps for DECISIONS.md and
 * the rationale, so every node records its card the same way.
 */
export async function emitAgentCard(context: NodeContext, card: ReasonCard): Promise<RepositoryReasonCard[]> {
  await context.emitReasonCard(card);
  return [{ agent: card.agent, decision: card.decision, reasoning: card.reasoning, confidence: card.confidence }];
}
