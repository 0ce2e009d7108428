import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { createMatchSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';

const availabilityWord = String.raw`(?:availability|uptime|SLA|SLO|available|Verfügbarkeit|disponibilité|disponibilidad)`;
/** "99.9% availability", "99.95 % uptime SLA", "99,9 % Verfügbarkeit". */
const percentThenWord = createWordPattern(String.raw`(\d{2}(?:[.,]\d{1,4})?)\s?%\s?(?:[\p{L}-]+\s+)?${availabilityWord}`);
/** "availability of 99.9%", "uptime target: 99.95%", "SLA >= 99.9%". */
const wordThenPercent = createWordPattern(String.raw`${availabilityWord}\s?(?:(?:of|target|at|is|:|=|>=|≥|above|at least)\s?){0,2}(\d{2}(?:[.,]\d{1,4})?)\s?%`);
/** "three nines" → 99.9. */
const nines = createWordPattern(String.raw`(two|three|four|five|2|3|4|5) nines`);
const ninesValue: Readonly<Record<string, number>> = { two: 99, 2: 99, three: 99.9, 3: 99.9, four: 99.99, 4: 99.99, five: 99.999, 5: 99.999 };
/** Redundancy words: they show availability matters but give no number. */
const redundancy = createWordPattern(String.raw`multi[- ]AZ|multiple availability zones|multi[- ]region|active[- ]active|high(?:ly)? availab(?:ility|le)|failover|no downtime|zero downtime`);

/** Reads the availability target in percent ("99.9% availability", "99.95% uptime", "four nines"), noting multi-AZ and similar. */
export function extractAvailability(text: string): FieldExtraction<number | null> {
  let found: { value: number; span: TextSpan; cues: number[] } | null = null;
  for (const [pattern, cue] of [
    [percentThenWord, 0.4],
    [wordThenPercent, 0.4],
  ] as const) {
    for (const match of matchWords(pattern, text)) {
      const value = Number((match[1] ?? '').replace(',', '.'));
      // Availability targets live between 90 % and 100 %; "50% availability" is not a target anyone designs for.
      if (!(value >= 90 && value <= 100)) continue;
      found = { value, span: createMatchSpan(text, match), cues: [cue, 0.3] };
      break;
    }
    if (found !== null) break;
  }
  if (found === null) {
    const match = matchWords(nines, text).next().value;
    const value = match === undefined ? undefined : ninesValue[(match[1] ?? '').toLowerCase()];
    if (match !== undefined && value !== undefined) found = { value, span: createMatchSpan(text, match), cues: [0.3] };
  }
  const redundancyMatch = matchWords(redundancy, text).next().value;
  const ambiguities: Ambiguity[] = [];
  if (found === null) {
    if (redundancyMatch !== undefined) ambiguities.push({ field: 'availability', message: `"${redundancyMatch[0]}" without a target: what availability is needed (99.9 %, 99.95 %…)?` });
    return { value: null, evidence: {}, ambiguities };
  }
  const evidence: ConstraintEvidence = {
    span: found.span,
    confidence: computeConfidence('stated', redundancyMatch === undefined ? found.cues : [...found.cues, 0.15]),
    source: 'stated',
    ...(redundancyMatch === undefined ? {} : { note: `also asks for ${redundancyMatch[0]}` }),
  };
  return { value: found.value, evidence: { availability: evidence }, ambiguities };
}
