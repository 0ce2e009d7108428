import { z } from 'zod';

/** A registered workflow as listed by `GET /api/v1/workflows`. */
export const workflowSummarySchema = z
  .object({
    name: z.string(),
    version: z.number().int(),
    kind: z.enum(['built_in', 'declarative']),
    description: z.string(),
  })
  .meta({ id: 'WorkflowSummary' });

export type WorkflowSummary = z.infer<typeof workflowSummarySchema>;

/** A workflow with its graph and the JSON schema of its input. */
export const workflowDetailSchema = workflowSummarySchema
  .extend({
    inputSchema: z.record(z.string(), z.unknown()),
    graph: z.object({
      nodes: z.array(z.object({ id: z.string(), kind: z.enum(['start', 'end', 'node']) })),
      edges: z.array(z.object({ source: z.string(), target: z.string(), conditional: z.boolean() })),
    }),
  })
  .meta({ id: 'WorkflowDetail' });

export type WorkflowDetail = z.infer<typeof workflowDetailSchema>;

export const workflowListSchema = z.object({ items: z.array(workflowSummarySchema) }).meta({ id: 'WorkflowList' });

export const workflowNameParamsSchema = z.strictObject({ name: z.string().min(1).max(100) });
