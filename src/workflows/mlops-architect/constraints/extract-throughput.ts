import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { findClause } from '../../../tools/text-matching/find-clause.js';
import { parseQuantity, quantitySource } from '../../../tools/text-matching/parse-quantity.js';
import { createMatchSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';
import { findFleetRates } from './find-fleet-rate.js';

const requestNoun = String.raw`(?:requests?|reqs?|queries|query|calls?|transactions?|txns?|events?|messages?|msgs?|predictions?|inferences?|lookups?|hits?|images?|frames?|anfragen|abfragen|transaktionen|ereignisse|requêtes|solicitudes|peticiones)`;
/**
 * "/s", "/min" or "per second", "a minute", "pro Sekunde". Connector words need a space after them ("and" is not
 * "an" + "d"), and one-letter units only follow a slash. Capture groups: the unit after "/", the unit after a word.
 */
const rateUnit = String.raw`(?:/\s*(second|sec|s|minute|min|m|hour|hr|h|day|d)|(?:per|a|an|each|every|pro|par|por|je)\s+(second|sec|minute|min|hour|hr|day|sekunde|minute|stunde|tag|seconde|segundo|minuto))`;

/** "10,000 requests/second", "120,000 requests per minute", "10.000 Anfragen pro Sekunde", "1M predictions a day". */
const explicitRate = createWordPattern(
  String.raw`${quantitySource}\s*(?:(?:[\p{L}-]+\s+)?(${requestNoun})\s*)?${rateUnit}`,
);
/** "2k rps", "500 QPS", "300 req/s", "120k rpm". */
const abbreviatedRate = createWordPattern(String.raw`${quantitySource}\s*(rps|qps|tps|eps|rpm|rph|req/s|reqs/s|r/s|events/s|msgs?/s|inferences/s)`);
/** "15k transactions", "10,000 queries" with no time unit: per second is the usual meaning, but it must be asked. */
const bareCount = createWordPattern(String.raw`${quantitySource}\s+(?:[\p{L}-]+\s+)?(transactions|requests|queries|predictions|inferences|events|calls|messages|TPS|QPS)`);
/** "handle 10k." — a verb of load and a number, and nothing after it. */
const verbCount = createWordPattern(String.raw`(?:handle|handles|handling|serve|serves|serving|process|processes|processing|sustain|peaks? (?:of|at))\s+${quantitySource}(?=\s*(?:[.,;!?)]|$|at peak|peak))`);
const peakWord = createWordPattern(String.raw`peak|peaks|at most|maximum|max|up to|bursts?|Spitze|Spitzenlast`);

const secondsPerUnit: Readonly<Record<string, number>> = {
  second: 1, sec: 1, s: 1, sekunde: 1, seconde: 1, segundo: 1,
  minute: 60, min: 60, m: 60, minuto: 60,
  hour: 3600, hr: 3600, h: 3600, stunde: 3600,
  day: 86_400, d: 86_400, tag: 86_400,
};
const secondsPerAbbreviation: Readonly<Record<string, number>> = { rpm: 60, rph: 3600 };

interface ThroughputCandidate {
  rps: number;
  span: TextSpan;
  source: ConstraintEvidence['source'];
  cues: number[];
  penalties: number[];
  note?: string;
  ambiguity?: string;
}

function overlaps(span: TextSpan, others: readonly ThroughputCandidate[]): boolean {
  return others.some((other) => span.start < other.span.end && other.span.start < span.end);
}

function hasPeakWord(text: string, index: number): boolean {
  const clause = findClause(text, index, 60);
  return !matchWords(peakWord, text.slice(clause.start, clause.end)).next().done;
}

function collectStatedRates(text: string): ThroughputCandidate[] {
  const candidates: ThroughputCandidate[] = [];
  for (const match of matchWords(explicitRate, text)) {
    const count = parseQuantity(match[1], match[2]);
    const unitSeconds = secondsPerUnit[(match[4] ?? match[5] ?? '').toLowerCase()];
    if (count === null || unitSeconds === undefined) continue;
    const noun = match[3] !== undefined;
    const cues = [noun ? 0.25 : 0, unitSeconds === 1 ? 0.2 : unitSeconds === 60 ? 0.15 : 0, hasPeakWord(text, match.index) ? 0.2 : 0];
    // An hourly or daily volume is an average; the peak a system must absorb is higher.
    const averaged = unitSeconds >= 3600;
    candidates.push({
      rps: count / unitSeconds,
      span: createMatchSpan(text, match),
      source: 'stated',
      cues,
      penalties: averaged ? [0.2] : [],
      ...(unitSeconds > 1 ? { note: `converted from per ${unitSeconds === 60 ? 'minute' : unitSeconds === 3600 ? 'hour' : 'day'}` } : {}),
      ...(averaged ? { ambiguity: `"${match[0]}" is an average over the ${unitSeconds === 3600 ? 'hour' : 'day'}; what is the peak load per second?` } : {}),
    });
  }
  for (const match of matchWords(abbreviatedRate, text)) {
    const span = createMatchSpan(text, match);
    const count = parseQuantity(match[1], match[2]);
    if (count === null || overlaps(span, candidates)) continue;
    const unitSeconds = secondsPerAbbreviation[(match[3] ?? '').toLowerCase()] ?? 1;
    candidates.push({
      rps: count / unitSeconds,
      span,
      source: 'stated',
      cues: [0.45, hasPeakWord(text, match.index) ? 0.2 : 0],
      penalties: [],
      ...(unitSeconds > 1 ? { note: `converted from ${(match[3] ?? '').toLowerCase()}` } : {}),
    });
  }
  return candidates;
}

function collectImpliedRates(text: string, stated: readonly ThroughputCandidate[]): ThroughputCandidate[] {
  const candidates: ThroughputCandidate[] = [];
  for (const rate of findFleetRates(text)) {
    if (overlaps(rate.span, stated)) continue;
    candidates.push({
      rps: rate.perSecond,
      span: rate.span,
      source: 'implied',
      cues: [0.3, 0.2],
      penalties: [],
      note: `${rate.members} ${rate.unit} × their sending rate`,
    });
  }
  for (const pattern of [bareCount, verbCount]) {
    for (const match of matchWords(pattern, text)) {
      const span = createMatchSpan(text, match);
      const count = parseQuantity(match[1], match[2]);
      if (count === null || count <= 0 || overlaps(span, stated) || overlaps(span, candidates)) continue;
      candidates.push({
        rps: count,
        span,
        source: 'implied',
        cues: [0.1],
        penalties: [0.15],
        note: 'no time unit written; per second assumed',
        ambiguity: `"${match[0]}" has no time unit: per second, minute or day?`,
      });
    }
  }
  return candidates;
}

/** Reads the peak load in requests per second, converting per-minute, per-hour and per-day figures and fleets × frequency. */
export function extractThroughput(text: string): FieldExtraction<number | null> {
  const stated = collectStatedRates(text);
  const candidates = [...stated, ...collectImpliedRates(text, stated)].filter((candidate) => Number.isFinite(candidate.rps) && candidate.rps >= 0);
  if (candidates.length === 0) return { value: null, evidence: {}, ambiguities: [] };
  const scored = candidates.map((candidate) => ({ candidate, confidence: computeConfidence(candidate.source, candidate.cues, candidate.penalties) }));
  // The best-supported reading wins; among equally supported ones the largest, since capacity is planned for the peak.
  scored.sort((left, right) => right.confidence - left.confidence || right.candidate.rps - left.candidate.rps);
  const best = scored[0];
  if (best === undefined) return { value: null, evidence: {}, ambiguities: [] };
  const rps = Math.round(best.candidate.rps * 1000) / 1000;
  const ambiguities: Ambiguity[] = best.candidate.ambiguity === undefined ? [] : [{ field: 'throughputRps', message: best.candidate.ambiguity }];
  const evidence: ConstraintEvidence = {
    span: best.candidate.span,
    confidence: best.confidence,
    source: best.candidate.source,
    ...(best.candidate.note === undefined ? {} : { note: best.candidate.note }),
  };
  return { value: rps, evidence: { throughputRps: evidence }, ambiguities };
}
