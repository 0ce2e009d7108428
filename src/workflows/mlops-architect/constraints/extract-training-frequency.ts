import type { ConstraintEvidence, Constraints } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { findClause } from '../../../tools/text-matching/find-clause.js';
import { createTextSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { FieldExtraction } from './field-extraction.js';

type TrainingFrequency = NonNullable<Constraints['trainingFrequency']>;

/** Training words: the cadence must be about training, not about batch scoring ("recomputed every 24 hours"). */
const trainingWord = createWordPattern(String.raw`retrain(?:s|ed|ing)?|train(?:s|ed|ing)?|fine[- ]?tun(?:e|es|ed|ing)|model refresh(?:es)?|trainiert|Training`);
const cadence = createWordPattern(
  // "once a month" before "once": alternatives are tried in order. Groups: 1 the unit of "once a …", 2–3 "every N units".
  String.raw`(?:once|twice) (?:a|per) (day|week|month)|continuous(?:ly)?|hourly|daily|nightly|weekly|bi-?weekly|fortnightly|monthly|quarterly|once|one[- ](?:off|time)|every (?:(\d{1,3}|two|three|four|six|twelve) )?(hour|day|night|week|month|quarter)s?|täglich|wöchentlich|monatlich`,
);
const continuousLearning = createWordPattern(String.raw`continuous (?:training|learning)|online learning|continual learning`);

const wordNumbers: Readonly<Record<string, number>> = { two: 2, three: 3, four: 4, six: 6, twelve: 12 };
const hoursPerUnit: Readonly<Record<string, number>> = { hour: 1, day: 24, night: 24, week: 168, month: 720, quarter: 2160 };

/** Maps an interval in hours to the nearest cadence the contract names (rounding towards the more frequent one). */
function cadenceForHours(hours: number): TrainingFrequency {
  if (hours < 24) return 'hourly';
  if (hours < 168) return 'daily';
  if (hours < 720) return 'weekly';
  return 'monthly';
}

function readCadence(match: RegExpMatchArray): TrainingFrequency | null {
  const word = match[0].toLowerCase();
  if (word.startsWith('continuous')) return 'continuous';
  if (word === 'hourly') return 'hourly';
  if (word === 'daily' || word === 'nightly' || word === 'täglich') return 'daily';
  if (word === 'weekly' || word === 'wöchentlich' || /^bi-?weekly$|^fortnightly$/u.test(word)) return 'weekly';
  if (word === 'monthly' || word === 'quarterly' || word === 'monatlich') return 'monthly';
  const per = match[1]?.toLowerCase();
  if (per !== undefined) {
    const hours = hoursPerUnit[per] ?? 24;
    return cadenceForHours(word.startsWith('twice') ? hours / 2 : hours);
  }
  if (word === 'once' || word.startsWith('one')) return 'once';
  if (word.startsWith('every')) {
    const unit = match[3]?.toLowerCase();
    const amount = match[2] === undefined ? 1 : (wordNumbers[match[2].toLowerCase()] ?? Number(match[2]));
    const hours = unit === undefined ? undefined : hoursPerUnit[unit];
    return hours === undefined || !(amount > 0) ? null : cadenceForHours(amount * hours);
  }
  return null;
}

/** Reads how often models are retrained: "retrained weekly", "retrain every 24 hours", "continuous training". */
export function extractTrainingFrequency(text: string): FieldExtraction<TrainingFrequency | null> {
  const continuous = matchWords(continuousLearning, text).next().value;
  if (continuous !== undefined) {
    const span = createTextSpan(text, continuous.index, continuous.index + continuous[0].length);
    return { value: 'continuous', evidence: { trainingFrequency: { span, confidence: computeConfidence('stated', [0.5]), source: 'stated' } }, ambiguities: [] };
  }
  let seen = 0;
  for (const training of matchWords(trainingWord, text)) {
    // The cadence must sit in the same clause, within a few words of the training word.
    const clause = findClause(text, training.index, 50);
    const trainingEnd = training.index + training[0].length;
    for (const match of matchWords(cadence, text.slice(clause.start, clause.end))) {
      const start = clause.start + match.index;
      const end = start + match[0].length;
      const value = readCadence(match);
      if (value === null) continue;
      const distance = start >= trainingEnd ? start - trainingEnd : training.index - end;
      if (distance > 40) continue;
      const spanStart = Math.min(start, training.index);
      const spanEnd = Math.max(end, trainingEnd);
      const evidence: ConstraintEvidence = {
        span: createTextSpan(text, spanStart, spanEnd),
        // Adjacent words ("retrained weekly") read more surely than a cadence a few words away.
        confidence: computeConfidence('stated', [0.4, distance <= 2 ? 0.3 : 0.1]),
        source: 'stated',
      };
      return { value, evidence: { trainingFrequency: evidence }, ambiguities: [] };
    }
    seen += 1;
    // Long inputs: a cadence not found near the first hundred training words is not there.
    if (seen >= 100) break;
  }
  return { value: null, evidence: {}, ambiguities: [] };
}
