import { z } from 'zod';
import { cloudProviders, complianceFrameworks, constraintsSchema, gpuNeeds, workloadKinds } from '../../../contracts/mlops-architect.js';

const quote = z.string().min(1).max(400).describe('The exact words of the request this was read from, copied character for character.');

/** A value and the words of the request it was read from; null when the request does not say. */
function quoted<Value extends z.ZodType>(value: Value, description: string) {
  return z.object({ value, quote }).nullable().describe(description);
}

const fields = constraintsSchema.shape;

/** Fields a model may raise a question about: the ones the question catalogue can ask for (a test keeps them in step). */
export const questionFields = ['workloads', 'latencyMs', 'throughputRps', 'compliance', 'budgetMonthlyUsd', 'cloud', 'trainingFrequency', 'availability', 'autoscaling'] as const;

/**
 * What the model is asked for: the constraint values, each with the quote it came from. Not evidence
 * offsets or confidences: the model is not trusted with those; the built-in checks locate the quote
 * in the request and compute both. Every key is required and nullable so strict structured-output
 * modes accept the schema.
 */
export const modelConstraintsSchema = z.object({
  latencyMs: quoted(z.number().positive(), 'Response-time target in milliseconds.'),
  latencyPercentile: quoted(fields.latencyPercentile.unwrap(), 'The percentile the latency target applies to.'),
  throughputRps: quoted(z.number().nonnegative(), 'Peak load in requests (or events) per second.'),
  compliance: z
    .array(z.object({ value: z.enum(complianceFrameworks), quote }))
    .max(complianceFrameworks.length)
    .describe('Compliance frameworks the request names or whose data it handles; never guessed from the industry alone.'),
  workloads: z.array(z.object({ value: z.enum(workloadKinds), quote })).max(workloadKinds.length).describe('The ML workloads the system runs.'),
  gpu: quoted(z.enum(gpuNeeds), 'Whether the models need GPUs.'),
  cloud: quoted(z.enum(cloudProviders), 'The cloud provider named or implied by its services or regions.'),
  regions: z.array(z.object({ value: z.string().min(1).max(40), quote })).max(10).describe('Cloud region codes, e.g. us-east-1, europe-west4, westeurope.'),
  budgetMonthlyUsd: quoted(z.number().nonnegative(), 'Monthly infrastructure budget in US dollars.'),
  availability: quoted(z.number().min(0).max(100), 'Availability target in percent, e.g. 99.9.'),
  autoscaling: quoted(z.boolean(), 'Whether capacity must scale with load.'),
  dataClassification: quoted(fields.dataClassification.unwrap(), 'How sensitive the data is.'),
  teamSize: quoted(z.number().int().positive(), 'How many people build and run the system.'),
  trainingFrequency: quoted(fields.trainingFrequency.unwrap(), 'How often models are retrained.'),
  ambiguities: z
    .array(z.object({ field: z.enum(questionFields), message: z.string().min(1).max(300) }))
    .max(5)
    .describe('Questions a careful architect would ask because the request is unclear.'),
});

export type ModelConstraints = z.infer<typeof modelConstraintsSchema>;

/** One quoted value of the model's answer. */
export interface QuotedValue<Value> {
  value: Value;
  quote: string;
}
