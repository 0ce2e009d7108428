import type { CloudProvider, ConstraintEvidence, Constraints, GpuNeed } from '../../../contracts/mlops-architect.js';
import { decisiveWeight, detectMlWorkload } from '../../../tools/ml-workload-detector/detect-ml-workload.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';

/**
 * Turns the ML workload detector's verdict into the `gpu` and `gpuEstimate` fields, with evidence from the
 * strongest signal and a conflict when the requester ruled out GPUs for a model that needs one.
 */
export function extractGpu(text: string, hints: { throughputRps: number | null; cloud: CloudProvider }): FieldExtraction<{ gpu: GpuNeed; gpuEstimate: Constraints['gpuEstimate'] }> {
  const detection = detectMlWorkload(text, hints);
  const evidence: Record<string, ConstraintEvidence> = {};
  const ambiguities: Ambiguity[] = [];
  const explicit = detection.signals.find((signal) => signal.kind === 'accelerator');
  const supporting = detection.signals.filter((signal) => (detection.gpu === 'none' ? signal.weight < 0 : signal.weight > 0));
  const strongest = [...supporting].sort((left, right) => Math.abs(right.weight) - Math.abs(left.weight))[0];
  const terms = detection.signals.map((signal) => `${signal.term} (${signal.weight > 0 ? '+' : ''}${signal.weight})`).join(', ');
  if (strongest === undefined) {
    // Nothing in the text points at a neural model: no GPU, but only as a default.
    evidence.gpu = { span: null, confidence: computeConfidence('default', [0.2]), source: 'default', note: 'no ML framework or model family named' };
  } else {
    // Each supporting signal is a cue; a weight of 4 or more is nearly conclusive alone.
    const cues = supporting.map((signal) => Math.min(Math.abs(signal.weight) / 6, 0.7));
    const source = explicit !== undefined && explicit === strongest ? 'stated' : 'implied';
    evidence.gpu = {
      span: strongest.span,
      confidence: computeConfidence(source, cues),
      source,
      note: `ML workload detector score ${detection.score} from ${terms}`,
    };
  }
  if (detection.gpu === 'none') {
    const needy = detection.signals.filter((signal) => signal.weight >= decisiveWeight && signal.kind !== 'accelerator');
    if (explicit !== undefined && explicit.weight < 0 && needy.length > 0) {
      ambiguities.push({
        field: 'gpu',
        message: `"${explicit.span.text}" rules out GPUs, but ${needy.map((signal) => signal.term).join(', ')} normally needs one. Is a smaller or quantised model acceptable?`,
      });
    }
  }
  if (detection.estimate !== null && strongest !== undefined) {
    evidence.gpuEstimate = {
      span: strongest.span,
      confidence: computeConfidence('implied', [0.2, hints.throughputRps !== null ? 0.2 : 0]),
      source: 'implied',
      note: detection.estimate.reason,
    };
  }
  return { value: { gpu: detection.gpu, gpuEstimate: detection.estimate }, evidence, ambiguities };
}
