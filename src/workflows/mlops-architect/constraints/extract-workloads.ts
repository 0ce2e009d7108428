import { workloadKinds, type ConstraintEvidence, type WorkloadKind } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';
import { createMatchSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';
import { workloadSignals } from './workload-signals.js';

const compiledSignals = workloadSignals.map((signal) => ({ signal, pattern: createWordPattern(signal.pattern, { caseSensitive: signal.caseSensitive }) }));

interface Mention {
  span: TextSpan;
  strength: number;
  generic: boolean;
}

/** Facts other extractors found that imply a workload. */
export interface WorkloadHints {
  /** A response-time target means something answers requests as they come. */
  latency: { latencyMs: number; span: TextSpan | null } | null;
  /** A retraining cadence means the system trains. */
  trainingFrequency: { span: TextSpan | null } | null;
}

/** Answering interactive requests: a latency target alone implies it, unless something else answers them. */
const interactiveKinds: readonly WorkloadKind[] = ['online_inference', 'llm_serving', 'rag'];

/**
 * Reads which ML workloads the request asks for (online and batch inference, training, streaming, LLM serving,
 * RAG, feature pipelines), each with its own evidence under `workloads.<kind>`.
 */
export function extractWorkloads(text: string, hints: WorkloadHints): FieldExtraction<WorkloadKind[]> {
  const mentions = new Map<WorkloadKind, Mention[]>();
  for (const { signal, pattern } of compiledSignals) {
    const list = mentions.get(signal.workload) ?? [];
    let found = 0;
    for (const match of matchWords(pattern, text)) {
      if (isNegated(text, match.index)) continue;
      const span = createMatchSpan(text, match);
      if (list.some((mention) => mention.span.start < span.end && span.start < mention.span.end)) continue;
      list.push({ span, strength: signal.strength, generic: signal.generic === true });
      found += 1;
      // Two mentions per signal are enough evidence; stop early on long inputs.
      if (found >= 2) break;
    }
    if (list.length > 0) mentions.set(signal.workload, list);
  }
  const evidence: Record<string, ConstraintEvidence> = {};
  const ambiguities: Ambiguity[] = [];
  const has = (kind: WorkloadKind) => (mentions.get(kind)?.length ?? 0) > 0;
  // "API" and "real-time" describe an LLM chat product or a RAG assistant too; they do not add a separate prediction service.
  const online = mentions.get('online_inference') ?? [];
  if (online.length > 0 && online.every((mention) => mention.generic) && (has('llm_serving') || has('rag'))) mentions.delete('online_inference');

  for (const kind of workloadKinds) {
    const list = mentions.get(kind);
    if (list === undefined || list.length === 0) continue;
    const strongest = [...list].sort((left, right) => right.strength - left.strength)[0];
    if (strongest === undefined) continue;
    const others = list.filter((mention) => mention !== strongest).map((mention) => mention.strength * 0.5);
    evidence[`workloads.${kind}`] = { span: strongest.span, confidence: computeConfidence('stated', [strongest.strength, ...others]), source: 'stated' };
  }

  const onlyBatch = has('batch_inference') && !has('streaming');
  if (hints.latency !== null && !interactiveKinds.some(has) && !onlyBatch) {
    evidence['workloads.online_inference'] = {
      span: hints.latency.span,
      confidence: computeConfidence('implied', [0.35]),
      source: 'implied',
      note: `a ${hints.latency.latencyMs} ms response-time target means requests are answered as they arrive`,
    };
  }
  if (hints.trainingFrequency !== null && evidence['workloads.training'] === undefined) {
    evidence['workloads.training'] = { span: hints.trainingFrequency.span, confidence: computeConfidence('implied', [0.4]), source: 'implied', note: 'a retraining cadence was stated' };
  }

  const value = workloadKinds.filter((kind) => evidence[`workloads.${kind}`] !== undefined);
  const weakest = value.map((kind) => evidence[`workloads.${kind}`]).reduce<ConstraintEvidence | undefined>((lowest, item) => (lowest === undefined || (item !== undefined && item.confidence < lowest.confidence) ? item : lowest), undefined);
  if (weakest !== undefined) {
    evidence.workloads = { span: weakest.span, confidence: weakest.confidence, source: value.every((kind) => evidence[`workloads.${kind}`]?.source === 'stated') ? 'stated' : 'implied', note: value.join(', ') };
  }
  return { value, evidence, ambiguities };
}
