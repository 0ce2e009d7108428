import type { Constraints } from '../../../contracts/mlops-architect.js';
import { keyConstraintFields } from './measure-extraction-confidence.js';

/** Which key constraints the request (or an answer) settles, and which are still guesses or unclear. */
export interface Coverage {
  covered: string[];
  uncovered: string[];
  /** Share of key fields covered, 0–1, two decimals. */
  ratio: number;
}

/**
 * A key field is covered when the text states or implies it, or a person answered it, and no
 * ambiguity is open on it; defaults and unclear readings are not coverage.
 */
export function measureCoverage(constraints: Constraints): Coverage {
  const unclear = new Set(constraints.ambiguities.map((ambiguity) => ambiguity.field));
  const covered: string[] = [];
  const uncovered: string[] = [];
  for (const field of keyConstraintFields) {
    const source = constraints.evidence[field]?.source;
    const settled = (source === 'stated' || source === 'implied' || source === 'answer') && !unclear.has(field);
    (settled ? covered : uncovered).push(field);
  }
  return { covered, uncovered, ratio: Math.round((covered.length / keyConstraintFields.length) * 100) / 100 };
}
