import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';

/**
 * Where a reading starts before any cue is counted: a value written in the request is likelier right than
 * one inferred from related words, and a default is a guess.
 */
const baseBySource: Readonly<Record<ConstraintEvidence['source'], number>> = {
  stated: 0.55,
  implied: 0.35,
  default: 0.15,
  answer: 0.9,
};

/**
 * Combines the evidence for one reading into a confidence between 0.05 and 0.99.
 *
 * Each cue (a unit, a percentile, a canonical name, a corroborating mention…) is a strength in 0–1 that
 * removes that share of the remaining doubt (a noisy-OR), so independent cues add up without passing 1;
 * each penalty (conflicting values, an assumed unit) removes that share of the confidence. The result is
 * rounded to two decimals so reason cards and tests show stable figures.
 */
export function computeConfidence(source: ConstraintEvidence['source'], cues: readonly number[] = [], penalties: readonly number[] = []): number {
  let doubt = 1 - baseBySource[source];
  for (const cue of cues) doubt *= 1 - Math.min(Math.max(cue, 0), 1);
  let confidence = 1 - doubt;
  for (const penalty of penalties) confidence *= 1 - Math.min(Math.max(penalty, 0), 1);
  return Math.round(Math.min(0.99, Math.max(0.05, confidence)) * 100) / 100;
}
