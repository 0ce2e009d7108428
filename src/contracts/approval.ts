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

/** The roles an approval can be escalated to. */
export const approvalEscalationRoles = ['owner', 'admin'] as const;

export type ApprovalEscalationRole = (typeof approvalEscalationRoles)[number];

/** Escalation as a timeout outcome: at the deadline the gate stays open, for the named role only. */
export const approvalEscalationSchema = z.object({
  decision: z.literal('escalate'),
  escalateTo: z.enum(approvalEscalationRoles).describe('Only members of this role (and owners) may decide once the approval is escalated.'),
});

export type ApprovalEscalation = z.infer<typeof approvalEscalationSchema>;

/**
 * What happens when nobody decides in time: the gate resolves with a decision (approve, reject,
 * or answer its questions, with optional values), or it escalates: it stays pending for the
 * named role with the same timeout again, once, then resolves as a rejection.
 */
export const approvalTimeoutOutcomeSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.enum(['approve', 'reject', 'answer']),
    values: z.record(z.string(), z.unknown()).optional(),
  }),
  approvalEscalationSchema,
]);

export type ApprovalTimeoutOutcome = z.infer<typeof approvalTimeoutOutcomeSchema>;

/** @deprecated the name before escalation existed; use approvalTimeoutOutcomeSchema. */
export const approvalDecisionValueSchema = approvalTimeoutOutcomeSchema;

/** @deprecated the name before escalation existed; use ApprovalTimeoutOutcome. */
export type ApprovalDecisionValue = ApprovalTimeoutOutcome;

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
    workflow: z.string().describe('The workflow of the approval\'s run.'),
    projectId: z.uuid().nullable().describe('The project of the approval\'s run.'),
    deadline: z.iso.datetime({ offset: true }).describe('When the timeout outcome applies; an escalation moves it once.'),
    timeoutOutcome: approvalTimeoutOutcomeSchema,
    escalatedTo: z.enum(approvalEscalationRoles).nullable().describe('Null unless the deadline passed and the approval was escalated: then only this role (and owners) may decide it.'),
    escalatedAt: z.iso.datetime({ offset: true }).nullable(),
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

/** The orders `GET /approvals` can list in. */
export const approvalListSorts = ['newest', 'deadline'] as const;

export type ApprovalListSort = (typeof approvalListSorts)[number];

/** `GET /api/v1/approvals` query: filters, order and page. */
export const listApprovalsQuerySchema = z.strictObject({
  runId: z.uuid().optional(),
  status: approvalStatusSchema.optional(),
  workflow: z.string().min(1).max(200).optional().describe('Only approvals of runs of this workflow.'),
  reasonCategory: z.enum(approvalReasonCategories).optional(),
  projectId: z.uuid().optional().describe('Only approvals of runs in this project.'),
  sort: z.enum(approvalListSorts).default('newest').describe('`newest`: newest first. `deadline`: soonest deadline first (with `status=pending`, the inbox).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional().describe('From `nextCursor`; valid only with the same `sort`.'),
});

export type ListApprovalsQuery = z.infer<typeof listApprovalsQuerySchema>;

export const approvalListSchema = z
  .object({ items: z.array(approvalSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ApprovalList' });

export const approvalIdParamsSchema = z.strictObject({ id: z.uuid() });
