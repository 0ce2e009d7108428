import { z } from 'zod';
import { runStatuses } from '../core/run-status.js';
import { serializedErrorSchema } from './error-response.js';

export const runStatusSchema = z.enum(runStatuses);

/** A run: one execution of one workflow version with one input. */
export const runSchema = z
  .object({
    id: z.uuid(),
    workflow: z.string(),
    workflowVersion: z.number().int(),
    status: runStatusSchema,
    priority: z.number().int(),
    attempt: z.number().int(),
    maxAttempts: z.number().int(),
    input: z.unknown(),
    output: z.unknown().nullable(),
    error: serializedErrorSchema.nullable(),
    idempotencyKey: z.string().nullable(),
    parentRunId: z.uuid().nullable(),
    projectId: z.uuid().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    timeoutSeconds: z.number().int().nullable(),
    tokens: z.number().int(),
    costMicros: z.number().int(),
    runAfter: z.iso.datetime({ offset: true }),
    cancelRequestedAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    endedAt: z.iso.datetime({ offset: true }).nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Run' });

export type Run = z.infer<typeof runSchema>;

/** `POST /api/v1/runs` body. */
export const createRunRequestSchema = z
  .strictObject({
    workflow: z.string().min(1).max(100).describe('Name of a registered workflow, e.g. `hello-approval`.'),
    input: z.record(z.string(), z.unknown()).default({}).describe("The workflow's input; validated against its input schema."),
    priority: z.number().int().min(-1000).max(1000).default(0).describe('Higher runs first.'),
    maxAttempts: z.number().int().min(1).max(20).default(3).describe('Attempts before a retryable failure becomes terminal.'),
    timeoutSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional().describe('Execution time limit; the run ends `timed_out` past it.'),
    projectId: z.uuid().optional().describe("The project the run belongs to (its budgets and policies apply). A project-scoped key's runs are always in its project."),
    metadata: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'a label name: a letter, then letters, digits, _ . -'), z.union([z.string().max(500), z.number(), z.boolean()]))
      .refine((labels) => Object.keys(labels).length <= 32, 'at most 32 labels')
      .default({})
      .describe('Labels of the run (`dataClassification`, `region`, a team…), kept with it and read by run.create policies (`run.dataClassification`, `run.region`).'),
  })
  .meta({ id: 'CreateRunRequest' });

export type CreateRunRequest = z.input<typeof createRunRequestSchema>;

/** `GET /api/v1/runs` query. */
export const listRunsQuerySchema = z.strictObject({
  status: runStatusSchema.optional(),
  workflow: z.string().max(100).optional(),
  projectId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const runListSchema = z
  .object({ items: z.array(runSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'RunList' });

export type RunList = z.infer<typeof runListSchema>;

export const runIdParamsSchema = z.strictObject({ id: z.uuid() });
