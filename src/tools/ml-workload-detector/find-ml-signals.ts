import { mlSignals, type MlSignal, type MlSignalProfile } from './ml-signals.js';
import { createWordPattern, matchWords } from '../text-matching/create-word-pattern.js';
import { isNegated } from '../text-matching/is-negated.js';
import { createMatchSpan, type TextSpan } from '../text-matching/text-span.js';

/** A signal found in a request: the table row's term and weight, and where it was written. */
export interface MlSignalMatch {
  term: string;
  kind: MlSignal['kind'];
  weight: number;
  profile: MlSignalProfile;
  span: TextSpan;
}

// Compiled once: the table is constant, and a RegExp used only through matchAll keeps no state between calls.
const compiledSignals = mlSignals.map((signal) => ({ signal, pattern: createWordPattern(signal.pattern, { caseSensitive: signal.caseSensitive }) }));

/**
 * Finds the first non-negated occurrence of every signal in the table, in order of appearance.
 *
 * A term counts once: writing "GPU" ten times is not ten times the evidence, and it keeps the score
 * bounded on 100 KB inputs. A negated positive term ("no GPU", "without PyTorch") is skipped.
 */
export function findMlSignals(text: string): MlSignalMatch[] {
  const matches: MlSignalMatch[] = [];
  for (const { signal, pattern } of compiledSignals) {
    for (const match of matchWords(pattern, text)) {
      if (signal.weight > 0 && isNegated(text, match.index)) continue;
      matches.push({ term: signal.term, kind: signal.kind, weight: signal.weight, profile: signal.profile, span: createMatchSpan(text, match) });
      break;
    }
  }
  return matches.sort((left, right) => left.span.start - right.span.start);
}
