import { z } from 'zod';

export const policyPhaseSchema = z.enum(['run.create', 'step.before', 'tool.before', 'llm.before']);
export const policyEffectSchema = z.enum(['allow', 'deny', 'require_approval']);
export const policyModeSchema = z.enum(['enforce', 'shadow']);
export const policySeveritySchema = z.enum(['low', 'medium', 'high', 'critical']);

/** How a `require_approval` policy's gate behaves. */
export const policyApprovalSchema = z.strictObject({
  reasonCategory: z.enum(['security', 'compliance', 'cost', 'optimization', 'other']).default('other').describe('Chooses the default timeout: security and compliance 1 h, cost 30 min, optimization 3 min, otherwise 5 min.'),
  timeoutSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
  timeoutOutcome: z.enum(['approve', 'reject', 'escalate']).default('reject').describe('What happens when nobody decides in time.'),
  escalateTo: z.enum(['owner', 'admin']).optional().describe('With `escalate`: the role that decides after the deadline.'),
});

export const policyFieldsSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).default('').describe('Shown as the reason when the policy denies or asks for approval.'),
  phase: policyPhaseSchema,
  expression: z.string().max(4000).describe('A CEL expression over the phase input (docs/policies.md); type-checked on save.'),
  effect: policyEffectSchema,
  priority: z.number().int().min(-1000).max(1000).default(0),
  mode: policyModeSchema.default('enforce').describe('shadow: evaluated and recorded, never enforced.'),
  severity: policySeveritySchema.default('medium'),
  approval: policyApprovalSchema.optional().describe('For require_approval.'),
  projectId: z.uuid().optional().describe('Only for runs of this project.'),
  enabled: z.boolean().default(true),
});

export const policySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    phase: policyPhaseSchema,
    expression: z.string(),
    effect: policyEffectSchema,
    priority: z.number().int(),
    mode: policyModeSchema,
    severity: policySeveritySchema,
    approval: policyApprovalSchema.nullable(),
    projectId: z.uuid().nullable(),
    enabled: z.boolean(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Policy' });

export type Policy = z.infer<typeof policySchema>;

export const testPolicyRequestSchema = z.strictObject({
  phase: policyPhaseSchema,
  expression: z.string().max(4000),
  effect: policyEffectSchema.default('deny'),
  input: z.record(z.string(), z.record(z.string(), z.unknown())).default({}).describe('A sample input: any variables of the phase, any of their fields; the rest take their defaults.'),
});

export const policyTestResultSchema = z
  .object({
    valid: z.boolean(),
    error: z.object({ message: z.string(), line: z.number().int(), column: z.number().int(), offset: z.number().int() }).optional(),
    matched: z.boolean().optional(),
    effect: policyEffectSchema.optional().describe('What the draft alone would decide for the input.'),
    evaluationError: z.string().optional(),
    input: z.record(z.string(), z.unknown()).optional().describe('The complete input evaluated (defaults filled in).'),
  })
  .meta({ id: 'PolicyTestResult' });

export const violationSchema = z
  .object({
    id: z.uuid(),
    decisionId: z.uuid(),
    policyId: z.uuid().nullable(),
    policyName: z.string(),
    phase: policyPhaseSchema,
    effect: z.enum(['deny', 'require_approval']),
    mode: policyModeSchema,
    severity: policySeveritySchema,
    status: z.enum(['open', 'acknowledged', 'resolved']),
    resolution: z.string().nullable(),
    updatedBy: z.string().nullable(),
    runId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Violation' });

export const updateViolationRequestSchema = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'resolved']),
  resolution: z.string().max(2000).optional(),
});

export const listViolationsQuerySchema = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
  policyId: z.uuid().optional(),
  runId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
