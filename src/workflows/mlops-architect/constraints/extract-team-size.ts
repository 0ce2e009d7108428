import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { createMatchSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { FieldExtraction } from './field-extraction.js';

const numberWords: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20,
};
const count = String.raw`(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)`;
/**
 * The people who build and run the system, not its users: "team of 5", "3 ML engineers", "a two-person team".
 * "800 employees" are users of an internal tool, so "employees" and "people" are deliberately absent.
 */
const teamPatterns: readonly RegExp[] = [
  createWordPattern(String.raw`team of ${count}`),
  createWordPattern(String.raw`${count}[- ](?:person|people|member|engineer)[- ]team`),
  createWordPattern(String.raw`${count} (?:(?:ML|MLOps|data|software|platform|backend|DevOps|full[- ]stack) )?(?:engineers|developers|devs|data scientists|SREs)`),
  createWordPattern(String.raw`${count} of us`),
];
const solo = createWordPattern(String.raw`solo (?:developer|engineer|founder)|just me|only me|by myself|a single (?:engineer|developer|data scientist)|one-person team`);

function readCount(word: string | undefined): number | null {
  if (word === undefined) return null;
  const value = /^\d+$/u.test(word) ? Number(word) : numberWords[word.toLowerCase()];
  return value !== undefined && value >= 1 && value <= 10_000 ? value : null;
}

/** Reads how many people build and operate the system: "a team of 5", "3 data scientists", "solo developer". */
export function extractTeamSize(text: string): FieldExtraction<number | null> {
  for (const pattern of teamPatterns) {
    for (const match of matchWords(pattern, text)) {
      const value = readCount(match[1]);
      if (value === null) continue;
      const evidence: ConstraintEvidence = { span: createMatchSpan(text, match), confidence: computeConfidence('stated', [/^\d/u.test(match[1] ?? '') ? 0.4 : 0.3, 0.2]), source: 'stated' };
      return { value, evidence: { teamSize: evidence }, ambiguities: [] };
    }
  }
  const alone = matchWords(solo, text).next().value;
  if (alone !== undefined) return { value: 1, evidence: { teamSize: { span: createMatchSpan(text, alone), confidence: computeConfidence('implied', [0.4]), source: 'implied' } }, ambiguities: [] };
  return { value: null, evidence: {}, ambiguities: [] };
}
