import { z } from 'zod';
import { runStatusSchema } from './run.js';
import { stepStatusSchema } from './step.js';
import { serializedErrorSchema } from './error-response.js';
import { approvalDecisionValueSchema, approvalEscalationRoles, approvalOutcomeSchema, approvalQuestionSchema } from './approval.js';

const timestamp = z.iso.datetime({ offset: true });

/** The reasoning an agent shows for one decision. */
export const reasonCardSchema = z.object({
  agent: z.string(),
  inputs: z.record(z.string(), z.unknown()).default({}),
  reasoning: z.string(),
  decision: z.string(),
  alternatives: z.array(z.object({ option: z.string(), reason: z.string() })).default([]),
  confidence: z.number().min(0).max(1),
});

export type ReasonCard = z.infer<typeof reasonCardSchema>;

/** The `data` of every event type, keyed by type. The union below is built from it. */
export const runEventDataSchemas = {
  'run-queued': z.object({
    reason: z.enum(['created', 'retry', 'worker-lost', 'handed-back', 'approval-resolved', 'manual-retry']),
    attempt: z.number().int(),
    runAfter: timestamp,
    error: serializedErrorSchema.optional(),
  }),
  'run-started': z.object({ attempt: z.number().int(), worker: z.string(), resumed: z.boolean() }),
  'run-waiting': z.object({ approvalIds: z.array(z.uuid()) }),
  'run-cancel-requested': z.object({ requestedBy: z.string().nullable() }),
  'run-ended': z.object({
    status: runStatusSchema,
    output: z.unknown().optional(),
    error: serializedErrorSchema.optional(),
  }),
  'node-start': z.object({ stepId: z.uuid(), node: z.string(), stepIndex: z.number().int(), attempt: z.number().int() }),
  'node-end': z.object({
    stepId: z.uuid(),
    node: z.string(),
    stepIndex: z.number().int(),
    attempt: z.number().int(),
    status: stepStatusSchema,
    durationMs: z.number(),
    error: serializedErrorSchema.optional(),
  }),
  'reason-card': reasonCardSchema.extend({ node: z.string(), stepId: z.uuid() }),
  custom: z.object({ node: z.string().nullable(), name: z.string(), payload: z.unknown() }),
  'approval-requested': z.object({
    approvalId: z.uuid(),
    gate: z.string(),
    reason: z.string(),
    reasonCategory: z.string(),
    questions: z.array(approvalQuestionSchema),
    deadline: timestamp,
    timeoutOutcome: approvalDecisionValueSchema,
  }),
  'approval-decided': z.object({ approvalId: z.uuid(), gate: z.string(), outcome: approvalOutcomeSchema }),
  'approval-escalated': z.object({
    approvalId: z.uuid(),
    gate: z.string(),
    escalatedTo: z.enum(approvalEscalationRoles),
    deadline: timestamp.describe('The new deadline; past it the approval resolves as a rejection.'),
  }),
  'llm-call': z.object({
    callId: z.uuid(),
    attempt: z.number().int(),
    stepId: z.uuid().nullable(),
    agent: z.string().nullable(),
    provider: z.string(),
    model: z.string(),
    status: z.enum(['succeeded', 'failed', 'aborted']),
    errorKind: z.string().nullable(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    cacheReadTokens: z.number().int(),
    cacheWriteTokens: z.number().int(),
    costMicros: z.number().int().nullable().describe('Null when the model has no price (unknown, not free).'),
    latencyMs: z.number(),
    timeToFirstTokenMs: z.number().nullable(),
    isFallback: z.boolean(),
    previousProvider: z.string().nullable(),
  }),
  'budget-warning': z.object({
    budgetId: z.uuid(),
    scope: z.enum(['tenant', 'project', 'workflow', 'run']),
    scopeId: z.string(),
    periodStart: timestamp,
    spentMicros: z.number().int(),
    limitMicros: z.number().int().nullable(),
    spentTokens: z.number().int(),
    limitTokens: z.number().int().nullable(),
  }),
  'artifact-created': z.object({
    artifactId: z.uuid(),
    name: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    contentHash: z.string(),
  }),
} as const;

export type RunEventType = keyof typeof runEventDataSchemas;

export const runEventTypes = Object.keys(runEventDataSchemas) as RunEventType[];

/** The data carried by an event of type `T`. */
export type RunEventData<T extends RunEventType> = z.infer<(typeof runEventDataSchemas)[T]>;

function eventVariant<T extends RunEventType>(type: T) {
  return z.object({
    runId: z.uuid(),
    seq: z.number().int().positive(),
    type: z.literal(type),
    data: runEventDataSchemas[type] as (typeof runEventDataSchemas)[T],
    createdAt: timestamp,
  });
}

/** One entry of a run's append-only event log, as sent over SSE and by `GET /runs/:id/events`. */
export const runEventSchema = z
  .discriminatedUnion('type', [
    eventVariant('run-queued'),
    eventVariant('run-started'),
    eventVariant('run-waiting'),
    eventVariant('run-cancel-requested'),
    eventVariant('run-ended'),
    eventVariant('node-start'),
    eventVariant('node-end'),
    eventVariant('reason-card'),
    eventVariant('custom'),
    eventVariant('approval-requested'),
    eventVariant('approval-decided'),
    eventVariant('approval-escalated'),
    eventVariant('artifact-created'),
    eventVariant('llm-call'),
    eventVariant('budget-warning'),
  ])
  .meta({ id: 'RunEvent' });

export type RunEvent = z.infer<typeof runEventSchema>;

/** An event ready to append: the log assigns `seq` and `createdAt`. */
export type NewRunEvent = { [T in RunEventType]: { type: T; data: RunEventData<T> } }[RunEventType];

export const listEventsQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0).describe('Return events with `seq` greater than this.'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const runEventListSchema = z
  .object({ items: z.array(runEventSchema), lastSeq: z.number().int(), ended: z.boolean() })
  .meta({ id: 'RunEventList' });
