import { constraintsSchema, type Constraints } from '../../../../contracts/mlops-architect.js';

/**
 * Test-only: a valid `Constraints` with every field at its "nothing stated" default (nulls, empty
 * lists, no GPU, AWS) and the given fields on top, parsed so a test cannot build an invalid one.
 */
export function buildConstraints(fields: Partial<Constraints> = {}): Constraints {
  return constraintsSchema.parse({
    latencyMs: null,
    latencyPercentile: null,
    throughputRps: null,
    compliance: [],
    workloads: [],
    gpu: 'none',
    gpuEstimate: null,
    cloud: 'aws',
    regions: [],
    budgetMonthlyUsd: null,
    availability: null,
    autoscaling: null,
    dataClassification: null,
    teamSize: null,
    trainingFrequency: null,
    requestedComponents: [],
    evidence: {},
    ambiguities: [],
    ...fields,
  });
}
