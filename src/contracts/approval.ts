import { z } from 'zod';
import { approvalReasonCategories } from '../core/approval-timeouts.js';

export const approvalStatuses = ['pending', 'approved', 'rejected', 'expired', 'cancelled'] as const;

export const approvalStatusSchema = z.enum(approvalStatuses);

/** A question a gate asks, with the default used when nobody answers. */
export const approvalQuestionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
  text: z.string(),
  default: z.unknown(),
  choices: z.array(z.unknown()).optional(),
});

export type ApprovalQuestion = z.infer<typeof approvalQuestionSchema>;

/** What a decision says: approve, reject, or answer the gate's questions. */
export const approvalDecisionValueSchema = z.object({
  decision: z.enum(['approve', 'reject', 'answer']),
  values: z.record(z.string(), z.unknown()).optional(),
});

export type ApprovalDecisionValue = z.infer<typeof approvalDecisionValueSchema>;

/** The value a node receives when its gate resumes, whoever (or whatever) decided. */
export const approvalOutcomeSchema = z.object({
  approvalId: z.uuid(),
  decision: z.enum(['approve', 'reject', 'answer']),
  values: z.record(z.string(), z.unknown()),
  answered: z.array(z.string()).default([]).describe('Question ids whose value the decision gave; the others in `values` are their defaults.'),
  comment: z.string().nullable(),
  decidedBy: z.string().nullable(),
  auto: z.boolean().describe('True when the deadline passed and the timeout outcome applied.'),
});

export type ApprovalOutcome = z.infer<typeof approvalOutcomeSchema>;

/** A human-in-the-loop gate: a pending decision with a deadline and a timeout outcome. */
export const approvalSchema = z
  .object({
    id: z.uuid(),
    runId: z.uuid(),
    gate: z.string(),
    reason: z.string(),
    reasonCategory: z.enum(approvalReasonCategories),
    payload: z.unknown(),
    questions: z.array(approvalQuestionSchema),
    status: approvalStatusSchema,
    deadline: z.iso.datetime({ offset: true }),
    timeoutOutcome: approvalDecisionValueSchema,
    outcome: approvalOutcomeSchema.nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Approval' });

export type Approval = z.infer<typeof approvalSchema>;

/** `POST /api/v1/approvals/:id/decision` body. */
export const approvalDecisionRequestSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject', 'answer']),
    values: z.record(z.string(), z.unknown()).optional().describe('Answers keyed by question id; required for `answer`.'),
    comment: z.string().max(4000).optional(),
    decidedBy: z.string().min(1).max(200).optional().describe('Who decided; replaced by the signed-in identity once authentication exists.'),
  })
  .meta({ id: 'ApprovalDecisionRequest' });

export type ApprovalDecisionRequest = z.infer<typeof approvalDecisionRequestSchema>;

export const listApprovalsQuerySchema = z.strictObject({
  runId: z.uuid().optional(),
  status: approvalStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const approvalListSchema = z
  .object({ items: z.array(approvalSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ApprovalList' });

export const approvalIdParamsSchema = z.strictObject({ id: z.uuid() });
