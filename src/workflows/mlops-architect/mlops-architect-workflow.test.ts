import { MemorySaver } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import type { CompiledWorkflowGraph, DefineNode } from '../../engine/workflow-definition.js';
import { readDiagramEdges } from '../../testing/read-diagram-transitions.js';
import { mlopsArchitectWorkflow } from './mlops-architect-workflow.js';

// The graph's shape only: node bodies are never called here.
const passThrough: DefineNode = (_name, body) => body as never;

describe('the mlops-architect graph', () => {
  it('matches the diagram in docs/architecture.md, edge for edge', async () => {
    const compiled = mlopsArchitectWorkflow.createGraph(passThrough).compile({ checkpointer: new MemorySaver() }) as CompiledWorkflowGraph;
    const graph = await compiled.getGraphAsync();
    const key = (edge: { from: string; to: string; conditional: boolean }) => `${edge.from} ${edge.conditional ? '-.->' : '-->'} ${edge.to}`;
    const inCode = graph.edges.map((edge) => key({ from: edge.source, to: edge.target, conditional: edge.conditional === true })).sort();
    expect(readDiagramEdges('The MLOps Architect').map(key).sort()).toEqual(inCode);
  });

  it('reads its input with defaults and rejects unknown fields', () => {
    expect(mlopsArchitectWorkflow.inputSchema.parse({ request: 'fraud detection' })).toEqual({ request: 'fraud detection', project: 'default', review: false, questionTimeoutSeconds: 300, acceptDefaults: false });
    expect(mlopsArchitectWorkflow.inputSchema.safeParse({ request: 'x', outputDirectory: '/etc' }).success).toBe(false);
    expect(mlopsArchitectWorkflow.inputSchema.safeParse({ request: 'x', project: '../other' }).success).toBe(false);
    expect(mlopsArchitectWorkflow.inputSchema.safeParse({ request: 'x'.repeat(300_000) }).success).toBe(false);
  });
});
