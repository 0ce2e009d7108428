import type { NodeModels } from '../../engine/node-models.js';
import type { Gateway } from '../create-gateway.js';
import type { ModelCatalog } from './model-catalog.js';

/**
 * Gives each node of a run its chain (the agent's override, the workflow's, else the default) bound
 * to the gateway with the node's tenant, workflow, run, step and agent, so every call it makes is
 * budgeted, limited and recorded against them. No chain configured: no model, the built-in engines.
 */
export function createGatewayNodeModels(gateway: Gateway, catalog: ModelCatalog): NodeModels {
  return {
    forNode(scope) {
      const chain = catalog.chainFor(scope.workflow, scope.node);
      if (chain.length === 0) return undefined;
      return gateway.bind({ tenantId: scope.tenantId, workflow: scope.workflow, runId: scope.runId, stepId: scope.stepId, agent: scope.node }, chain);
    },
  };
}
