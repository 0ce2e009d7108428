import { z } from 'zod';
import { stepStatuses } from '../core/step-status.js';
import { serializedErrorSchema } from './error-response.js';

export const stepStatusSchema = z.enum(stepStatuses);

/** A step: one execution attempt of one node of a run. */
export const stepSchema = z
  .object({
    id: z.uuid(),
    runId: z.uuid(),
    node: z.string(),
    stepIndex: z.number().int().describe('The LangGraph superstep in which the node ran.'),
    attempt: z.number().int(),
    status: stepStatusSchema,
    startedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }).nullable(),
    durationMs: z.number().nullable(),
    tokens: z.number().int(),
    costMicros: z.number().int(),
    error: serializedErrorSchema.nullable(),
  })
  .meta({ id: 'Step' });

export type Step = z.infer<typeof stepSchema>;

export const stepListSchema = z.object({ items: z.array(stepSchema) }).meta({ id: 'StepList' });
