import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { z } from 'zod';
import type { WorkflowDetail, WorkflowSummary } from '../contracts/workflow.js';
import { AppError } from '../core/app-error.js';
import type { CompiledWorkflowGraph, WorkflowDefinition } from './workflow-definition.js';
import { wrapNode } from './wrap-node.js';

/** A registered workflow with its compiled graph. */
export interface RegisteredWorkflow {
  definition: WorkflowDefinition<unknown>;
  graph: CompiledWorkflowGraph;
}

/**
 * The workflows a process can run, each compiled once with the shared checkpointer (a compiled
 * graph is reusable across threads; thread = run).
 */
export class WorkflowRegistry {
  readonly #workflows = new Map<string, RegisteredWorkflow>();

  constructor(
    definitions: readonly WorkflowDefinition<never>[],
    readonly checkpointer: BaseCheckpointSaver,
  ) {
    for (const definition of definitions as readonly WorkflowDefinition<unknown>[]) {
      if (this.#workflows.has(definition.name)) {
        throw new Error(`two workflows are named ${definition.name}`);
      }
      const graph = definition.createGraph(wrapNode as never).compile({ checkpointer }) as CompiledWorkflowGraph;
      this.#workflows.set(definition.name, { definition, graph });
    }
  }

  /** The workflow with this name, or `WORKFLOW_NOT_FOUND` naming the known ones. */
  get(name: string): RegisteredWorkflow {
    const workflow = this.#workflows.get(name);
    if (!workflow) {
      throw new AppError('WORKFLOW_NOT_FOUND', `No workflow is named "${name}". Known workflows: ${[...this.#workflows.keys()].join(', ')}.`, { field: 'workflow', workflow: name });
    }
    return workflow;
  }

  list(): WorkflowSummary[] {
    return [...this.#workflows.values()].map(({ definition }) => summarise(definition));
  }

  /** The workflow with its graph's nodes and edges and the JSON schema of its input. */
  async describe(name: string): Promise<WorkflowDetail> {
    const { definition, graph } = this.get(name);
    const drawable = await graph.getGraphAsync();
    return {
      ...summarise(definition),
      inputSchema: z.toJSONSchema(definition.inputSchema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
      graph: {
        nodes: Object.values(drawable.nodes).map((node) => ({ id: node.id, kind: node.id === '__start__' ? 'start' : node.id === '__end__' ? 'end' : 'node' })),
        edges: drawable.edges.map((edge) => ({ source: edge.source, target: edge.target, conditional: edge.conditional ?? false })),
      },
    };
  }
}

function summarise(definition: WorkflowDefinition<unknown>): WorkflowSummary {
  return { name: definition.name, version: definition.version, kind: 'built_in', description: definition.description };
}
