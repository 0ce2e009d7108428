import { z } from 'zod';
import { complianceFrameworks, criticFindingSchema } from '../../../contracts/mlops-architect.js';

/**
 * What a critic's model may add: findings in the contract's shape, minus the critic (it is the one
 * asked). Every key is required and nullable so strict structured-output modes accept the schema.
 */
export const modelFindingsSchema = z.object({
  findings: z
    .array(
      z.object({
        code: z.string().min(1).max(64).describe('One of the listed finding codes.'),
        severity: criticFindingSchema.shape.severity,
        message: z.string().min(1).max(1000).describe('What is wrong, concretely, with numbers where there are any.'),
        fix: z.string().min(1).max(1000).describe('What to change in the plan.'),
        componentIds: z.array(z.string().min(1).max(64)).max(20).describe('Ids of the plan components the finding is about.'),
        framework: z.enum(complianceFrameworks).nullable().describe('For policy findings: the framework that requires the control.'),
        control: z.string().max(64).nullable().describe('For policy findings: the control that is missing.'),
      }),
    )
    .max(10),
});

export type ModelFinding = z.infer<typeof modelFindingsSchema>['findings'][number];
