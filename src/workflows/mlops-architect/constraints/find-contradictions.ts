import type { Constraints } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import type { Ambiguity } from './field-extraction.js';
import { isEuropeanRegion } from './region-catalog.js';

const euResidency = createWordPattern(
  String.raw`EU[\s-](?:data[\s-])?residency|(?:stay|remain|reside|be stored|be kept|be hosted|live)\s+(?:in(?:side)?|within)\s+(?:the\s+)?(?:EU|European Union|EEA|Europe)|must not leave (?:the\s+)?(?:EU|European Union|EEA|Europe)`,
);

/** Constraints that cannot all hold as written: a careful architect asks before designing around one of them. */
export function findContradictions(text: string, constraints: Omit<Constraints, 'evidence' | 'ambiguities'>): Ambiguity[] {
  const ambiguities: Ambiguity[] = [];
  const { workloads, latencyMs } = constraints;
  const answersRequests = workloads.some((kind) => kind === 'online_inference' || kind === 'llm_serving' || kind === 'rag' || kind === 'streaming');
  // A per-request latency target has no meaning for scores computed in a nightly job.
  if (latencyMs !== null && latencyMs < 60_000 && workloads.includes('batch_inference') && !answersRequests) {
    ambiguities.push({
      field: 'latencyMs',
      message: `A ${latencyMs} ms latency target conflicts with batch scoring, which has no per-request latency. Is there also an online path that must answer in ${latencyMs} ms, or is the batch window the target?`,
    });
  }
  // FedRAMP authorisations cover US regions only.
  if (constraints.compliance.includes('FEDRAMP')) {
    const abroad = constraints.regions.filter((region) => !/^us-|us\d?$|^northamerica-/u.test(region));
    if (abroad.length > 0) ambiguities.push({ field: 'regions', message: `FedRAMP applies to US regions, but ${abroad.join(', ')} ${abroad.length === 1 ? 'is' : 'are'} outside the US.` });
  }
  if (!matchWords(euResidency, text).next().done) {
    const outside = constraints.regions.filter((region) => !isEuropeanRegion(region));
    if (outside.length > 0) ambiguities.push({ field: 'regions', message: `Data must stay in the EU, but ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside it.` });
  }
  if (constraints.autoscaling === false && workloads.includes('streaming') && constraints.throughputRps === null) {
    ambiguities.push({ field: 'autoscaling', message: 'Fixed capacity for a streaming workload with no stated peak: what load should the fixed capacity absorb?' });
  }
  return ambiguities;
}
