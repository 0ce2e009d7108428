import { z } from 'zod';
import { complianceFrameworks } from '../../../contracts/mlops-architect.js';
import checklistFile from './compliance-checklist.json' with { type: 'json' };
import { complianceControls } from './compliance-controls.js';

export const jurisdictions = ['eu', 'us', 'other'] as const;
export type Jurisdiction = (typeof jurisdictions)[number];

const controlDefinitionSchema = z.strictObject({
  description: z.string().min(1),
  /** The stable code of the policy finding raised when the control is missing. */
  findingCode: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** The catalogue component the planner adds to provide the control. */
  defaultComponent: z.string().min(1),
  severity: z.enum(['warning', 'blocking']),
  /** `public_endpoint`: only checked when the plan has an internet-facing entry point. */
  appliesTo: z.enum(['always', 'public_endpoint']),
});

const frameworkSchema = z.strictObject({
  name: z.string().min(1),
  /** Where the framework requires data to stay, if anywhere. */
  residency: z.enum(jurisdictions).nullable(),
  controls: z.array(z.strictObject({ control: z.enum(complianceControls), reference: z.string().min(1) })).min(1),
});

const complianceChecklistSchema = z.strictObject({
  version: z.string().min(1),
  note: z.string().min(1),
  controls: z.record(z.enum(complianceControls), controlDefinitionSchema),
  frameworks: z.record(z.enum(complianceFrameworks), frameworkSchema),
});

export type ComplianceChecklist = z.infer<typeof complianceChecklistSchema>;

/** Framework → required controls, and control → finding code and default component; validated at import. */
export const complianceChecklist: ComplianceChecklist = complianceChecklistSchema.parse(checklistFile);
