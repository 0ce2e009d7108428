import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';
import { createMatchSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';

/** Said outright: "auto-scaling", "autoscale", "scale to zero", "scales with traffic", "elastic scaling". */
const statedScaling = createWordPattern(
  String.raw`auto[- ]?scal(?:e|es|ed|ing|er)|scal(?:e|es|ing) (?:automatically|elastically|to zero|down to zero|up and down|out and in|with (?:load|demand|traffic))|scale[- ]to[- ]zero|elastic(?:ally)? scal\p{L}*|automatisch skalier\p{L}*`,
);
/** Implied: spiky load needs capacity that follows it; serverless scales by construction. */
const impliedScaling = createWordPattern(String.raw`(?:traffic|load|usage) (?:spikes|bursts|peaks)|spiky|bursty|seasonal (?:traffic|peaks)|serverless`);
/** Said against: fixed capacity. */
const fixedCapacity = createWordPattern(String.raw`fixed (?:capacity|number of (?:instances|nodes|servers|replicas))|static capacity|constant load|steady load`);

/** Reads whether the load must scale automatically; null when the request does not say. */
export function extractAutoscaling(text: string): FieldExtraction<boolean | null> {
  const readings: { value: boolean; span: TextSpan; source: 'stated' | 'implied'; cue: number }[] = [];
  const stated = matchWords(statedScaling, text).next().value;
  if (stated !== undefined) readings.push({ value: !isNegated(text, stated.index), span: createMatchSpan(text, stated), source: 'stated', cue: 0.5 });
  const fixed = matchWords(fixedCapacity, text).next().value;
  if (fixed !== undefined) readings.push({ value: false, span: createMatchSpan(text, fixed), source: 'stated', cue: 0.4 });
  const implied = matchWords(impliedScaling, text).next().value;
  if (implied !== undefined && !isNegated(text, implied.index)) readings.push({ value: true, span: createMatchSpan(text, implied), source: 'implied', cue: 0.3 });
  const best = readings.sort((left, right) => (left.source === right.source ? right.cue - left.cue : left.source === 'stated' ? -1 : 1))[0];
  if (best === undefined) return { value: null, evidence: {}, ambiguities: [] };
  const conflicting = readings.filter((reading) => reading.value !== best.value);
  const ambiguities: Ambiguity[] =
    conflicting.length > 0 ? [{ field: 'autoscaling', message: `"${best.span.text}" and "${conflicting.map((reading) => reading.span.text).join('", "')}" disagree: should capacity scale automatically?` }] : [];
  const evidence: ConstraintEvidence = {
    span: best.span,
    confidence: computeConfidence(best.source, [best.cue], conflicting.length > 0 ? [0.3] : []),
    source: best.source,
    ...(best.value === false && best.source === 'stated' && stated !== undefined && best.span.start === stated.index ? { note: 'negated' } : {}),
  };
  return { value: best.value, evidence: { autoscaling: evidence }, ambiguities };
}
