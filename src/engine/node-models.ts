import type { LanguageModel } from '../gateway/language-model.js';

/** Which node of which run asks for a model: the gateway attributes budgets, limits and the ledger to it. */
export interface NodeModelScope {
  tenantId: string;
  workflow: string;
  runId: string;
  stepId: string;
  /** The node's name, which is the agent's. */
  node: string;
}

/** Gives each node execution its model; undefined means the node uses its built-in engine. */
export interface NodeModels {
  forNode(scope: NodeModelScope): LanguageModel | undefined;
}

/** Every node gets the same model, unattributed (tests, and models that need no gateway). */
export function fixedNodeModels(model: LanguageModel): NodeModels {
  return { forNode: () => model };
}
