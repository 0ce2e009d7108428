import type { ModelConstraints } from '../model-constraints-schema.js';

/**
 * Test-only: a model's constraint answer as JSON text, every field at "the request does not say"
 * (null or empty) and the given fields on top, the way a scripted model returns it.
 */
export function buildModelConstraints(fields: Partial<ModelConstraints> = {}): string {
  const answer: ModelConstraints = {
    latencyMs: null,
    latencyPercentile: null,
    throughputRps: null,
    compliance: [],
    workloads: [],
    gpu: null,
    cloud: null,
    regions: [],
    budgetMonthlyUsd: null,
    availability: null,
    autoscaling: null,
    dataClassification: null,
    teamSize: null,
    trainingFrequency: null,
    ambiguities: [],
    ...fields,
  };
  return JSON.stringify(answer);
}
