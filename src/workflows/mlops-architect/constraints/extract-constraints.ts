import type { ConstraintEvidence, Constraints } from '../../../contracts/mlops-architect.js';
import { extractAutoscaling } from './extract-autoscaling.js';
import { extractAvailability } from './extract-availability.js';
import { extractBudget } from './extract-budget.js';
import { extractCloud } from './extract-cloud.js';
import { extractCompliance } from './extract-compliance.js';
import { extractDataClassification } from './extract-data-classification.js';
import { extractGpu } from './extract-gpu.js';
import { extractLatency } from './extract-latency.js';
import { extractRegions } from './extract-regions.js';
import { extractRequestedComponents } from './extract-requested-components.js';
import { extractTeamSize } from './extract-team-size.js';
import { extractThroughput } from './extract-throughput.js';
import { extractTrainingFrequency } from './extract-training-frequency.js';
import { extractWorkloads } from './extract-workloads.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';
import { findContradictions } from './find-contradictions.js';
import { findInjectedInstructions } from './find-injected-instructions.js';
import { findMissingBasics } from './find-missing-basics.js';

/**
 * Reads a plain-language request into constraints, each with the span it came from, a confidence computed from
 * its evidence and its source, plus the ambiguities a careful architect would ask about. Pure: no I/O, no clock,
 * no randomness; every pattern runs in linear time, so any input (empty, 100 KB, any language) gives a result.
 */
export function extractConstraints(text: string): Constraints {
  // Callers from plain JavaScript or JSON may pass anything; a non-string reads as an empty request.
  const request = typeof text === 'string' ? text : '';
  const cloud = extractCloud(request);
  const regions = extractRegions(request, cloud.value);
  const latency = extractLatency(request);
  const throughput = extractThroughput(request);
  const compliance = extractCompliance(request);
  const trainingFrequency = extractTrainingFrequency(request);
  const workloads = extractWorkloads(request, {
    latency: latency.value.latencyMs === null ? null : { latencyMs: latency.value.latencyMs, span: latency.evidence.latencyMs?.span ?? null },
    trainingFrequency: trainingFrequency.value === null ? null : { span: trainingFrequency.evidence.trainingFrequency?.span ?? null },
  });
  const gpu = extractGpu(request, { throughputRps: throughput.value, cloud: cloud.value });
  const budget = extractBudget(request);
  const availability = extractAvailability(request);
  const autoscaling = extractAutoscaling(request);
  const dataClassification = extractDataClassification(request, { frameworks: compliance.value, evidence: compliance.evidence });
  const teamSize = extractTeamSize(request);
  const requestedComponents = extractRequestedComponents(request);

  const extractions: FieldExtraction<unknown>[] = [
    latency, throughput, compliance, workloads, gpu, cloud, regions, budget, availability, autoscaling, dataClassification, teamSize, trainingFrequency, requestedComponents,
  ];
  const evidence: Record<string, ConstraintEvidence> = {};
  for (const extraction of extractions) Object.assign(evidence, extraction.evidence);

  const fields = {
    latencyMs: latency.value.latencyMs,
    latencyPercentile: latency.value.latencyPercentile,
    throughputRps: throughput.value,
    compliance: compliance.value,
    workloads: workloads.value,
    gpu: gpu.value.gpu,
    gpuEstimate: gpu.value.gpuEstimate,
    cloud: cloud.value,
    regions: regions.value,
    budgetMonthlyUsd: budget.value,
    availability: availability.value,
    autoscaling: autoscaling.value,
    dataClassification: dataClassification.value,
    teamSize: teamSize.value,
    trainingFrequency: trainingFrequency.value,
    requestedComponents: requestedComponents.value,
  };
  const ambiguities: Ambiguity[] = [
    ...findInjectedInstructions(request),
    ...extractions.flatMap((extraction) => extraction.ambiguities),
    ...findContradictions(request, fields),
  ];
  ambiguities.push(...findMissingBasics(request, { ...fields, ambiguities }));
  return { ...fields, evidence, ambiguities };
}
