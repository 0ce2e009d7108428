import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { computeConfidence } from '../constraints/compute-confidence.js';
import type { QuoteCheck } from './quote-check.js';

/**
 * A model-only reading counts as one weak cue on top of its source's base: a checked quote is real
 * evidence, but a single reader with no corroborating pattern is less sure than the built-in
 * extractor's cues (0.6 stated and 0.41 implied, against 0.7–0.9 for typical built-in readings).
 */
const modelReadingCue = 0.1;

/** Evidence for a value only the model read: the located quote, a computed confidence, and who read it. */
export function createModelEvidence(check: Extract<QuoteCheck, { supported: true }>, modelName: string, note: string): ConstraintEvidence {
  return { span: check.span, confidence: computeConfidence(check.source, [modelReadingCue]), source: check.source, note: `read by ${modelName}; ${note}` };
}
