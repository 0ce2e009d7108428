import { z } from 'zod';
import { constraintsSchema, type Constraints } from '../../../../contracts/mlops-architect.js';
import { buildConstraints } from './build-constraints.js';

/** Test-only: one line of ../shared/examples/requirements.jsonl (fields as in its README). */
export const requirementExampleSchema = z.strictObject({
  id: z.string().min(1),
  text: z.string().min(1),
  expect: constraintsSchema
    .pick({ latencyMs: true, throughputRps: true, compliance: true, workloads: true, gpu: true, cloud: true, regions: true, budgetMonthlyUsd: true, availability: true, autoscaling: true })
    .partial()
    .strict(),
  expectDesign: z
    .strictObject({
      mustInclude: z.array(z.string()).default([]),
      mustExclude: z.array(z.string()).default([]),
      criticFlags: z.array(z.string()).default([]),
    })
    .default({ mustInclude: [], mustExclude: [], criticFlags: [] }),
});

export type RequirementExample = z.infer<typeof requirementExampleSchema>;

/**
 * Test-only: the constraints a careful extractor would produce for an example, from its `expect`
 * with defaults for every field it does not name. An example that names no workload and no number
 * is vague, and the extractor would have recorded that as an ambiguity.
 */
export function buildExampleConstraints(example: RequirementExample): Constraints {
  const expected = example.expect;
  const vague = (expected.workloads ?? []).length === 0 && expected.latencyMs === undefined && expected.throughputRps === undefined && expected.budgetMonthlyUsd === undefined;
  return buildConstraints({
    ...expected,
    ambiguities: vague ? [{ field: 'workloads', message: 'The request names no ML workload, latency, throughput or budget.' }] : [],
  });
}
