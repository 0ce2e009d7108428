import type { ConstraintEvidence, Constraints } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { findClause } from '../../../tools/text-matching/find-clause.js';
import { parseDigits } from '../../../tools/text-matching/parse-quantity.js';
import { createTextSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';

type Percentile = NonNullable<Constraints['latencyPercentile']>;

/** A number followed by a time unit short enough to be a response time: "100ms", "0.2s", "2 seconds", "500 Millisekunden". */
const timeQuantity = createWordPattern(
  String.raw`(?<![.,])(\d+(?:[.,]\d+)*)\s?(ms|msec|millis|milliseconds?|millisekunden|s|secs?|seconds?|sekunden?|segundos?|secondes?)`,
);
const percentilePattern = createWordPattern(String.raw`p(50|90|95|99(?:\.9+)?)|(50|90|95|99(?:\.9+)?)(?:th|st|nd|rd)?[\s-]*(?:percentile|perzentil)|median`);
const latencyWord = createWordPattern(
  String.raw`latenc(?:y|ies)|response[- ]times?|respond(?:s|ing)?|answer(?:s|ed|ing)?|repl(?:y|ies)|time to first token|TTFT|round[- ]trip|end[- ]to[- ]end|Latenz(?:en)?|Antwortzeit(?:en)?|latence|latencia|inference time|real[- ]?time|Echtzeit`,
);
/** "Real-time" and friends without a number: the target is unknown, not absent. */
const vagueSpeed = createWordPattern(String.raw`(?:near[- ])?real[- ]?time|realtime|Echtzeit|temps r[ée]el|tiempo real|low[- ]latency|instant(?:ly|aneous)?|as fast as possible`);

// Tested against the few characters right before the number, so they stay cheap on long inputs.
const frequencyBefore = /(?:^|[^\p{L}])(?:every|each|per|once every|after|for|interval of|window of|alle|jede|toutes les)\s*$/iu;
const strongQualifierBefore =
  /(?:^|[^\p{L}])(?:sub|under|below|within|less than|lower than|at most|max(?:imum)?|no more than|not exceed(?:ing)?|unter|unterhalb|weniger als|moins de|menos de|inferior a)[\s-]*(?:of\s+|about\s+)?$|(?:<=?|≤)\s*$/iu;
const weakQualifierBefore = /(?:^|[^\p{L}])(?:in|around|about|approximately|target(?:ing)?|of)\s*$|~\s*$/iu;

interface LatencyCandidate {
  latencyMs: number;
  percentile: { value: Percentile; span: TextSpan; note?: string } | null;
  span: TextSpan;
  cues: number[];
  timeToFirstToken: boolean;
}

function readPercentile(match: RegExpMatchArray): { value: Percentile; note?: string } {
  const digits = match[1] ?? match[2];
  if (digits === undefined) return { value: 'p50' };
  if (digits.startsWith('99.')) return { value: 'p99', note: `p${digits} read as p99, the tightest percentile the contract names` };
  return { value: `p${digits}` as Percentile };
}

/** A percentile that introduces its own number ("p99 under 200 ms") belongs to that number, not to the one before it. */
const percentileWithOwnNumber = /^\s*(?:latency\s+)?(?:(?:under|below|within|of|at most|is|<|≤|:|=)\s*)?\d/iu;

/**
 * The percentile that qualifies the number: the nearest one before it in its clause, otherwise one up to 30
 * characters after it ("under 50 ms at the 99th percentile") unless that one has a number of its own.
 */
function findPercentile(text: string, clause: { start: number; end: number }, numberStart: number, numberEnd: number): LatencyCandidate['percentile'] {
  let before: { match: RegExpMatchArray; start: number } | null = null;
  let after: { match: RegExpMatchArray; start: number } | null = null;
  for (const match of matchWords(percentilePattern, text.slice(clause.start, clause.end))) {
    const start = clause.start + match.index;
    const end = start + match[0].length;
    if (end <= numberStart) before = { match, start };
    else if (after === null && start >= numberEnd && start - numberEnd <= 30 && !percentileWithOwnNumber.test(text.slice(end, end + 24))) after = { match, start };
  }
  const chosen = before ?? after;
  if (chosen === null) return null;
  return { ...readPercentile(chosen.match), span: createTextSpan(text, chosen.start, chosen.start + chosen.match[0].length) };
}

function readCandidate(text: string, match: RegExpMatchArray): LatencyCandidate | null {
  const start = match.index ?? 0;
  const end = start + match[0].length;
  const value = parseDigits(match[1] ?? '');
  const unit = (match[2] ?? '').toLowerCase();
  if (value === null || value <= 0) return null;
  const milliseconds = /^m/u.test(unit) ? value : value * 1000;
  // Beyond ten minutes it is a job duration, not a response time.
  if (milliseconds > 600_000) return null;
  const before = text.slice(Math.max(0, start - 24), start);
  if (frequencyBefore.test(before)) return null;
  const clause = findClause(text, start);
  const percentile = findPercentile(text, clause, start, end);
  const clauseText = text.slice(clause.start, clause.end);
  const keyword = matchWords(latencyWord, clauseText).next().value;
  const strong = strongQualifierBefore.exec(before);
  const weak = strong === null ? weakQualifierBefore.exec(before) : null;
  const milliUnit = /^m/u.test(unit);
  // Milliseconds are almost always a latency; seconds also measure durations, so they need a latency word or a qualifier.
  if (!milliUnit && keyword === undefined && percentile === null && strong === null) return null;
  const cues = [milliUnit ? 0.3 : 0.15];
  if (strong !== null) cues.push(0.3);
  if (weak !== null) cues.push(0.1);
  if (percentile !== null) cues.push(0.35);
  if (keyword !== undefined) cues.push(0.3);
  // The qualifier's own first character, past the separator the pattern consumed before it.
  const qualifierStart = strong !== null ? start - before.length + strong.index + Math.max(0, strong[0].search(/[\p{L}<≤]/u)) : start;
  const spanStart = Math.min(qualifierStart, percentile?.span.start ?? start);
  const spanEnd = Math.max(end, percentile?.span.end ?? end);
  return {
    latencyMs: Math.round(milliseconds * 1000) / 1000,
    percentile,
    span: createTextSpan(text, spanStart, spanEnd),
    cues,
    timeToFirstToken: /time to first token|TTFT/iu.test(clauseText),
  };
}

/** Higher percentiles drive the design (the tail is what users feel), so they win ties. */
const percentileRank: Readonly<Record<Percentile, number>> = { p50: 1, p90: 2, p95: 3, p99: 4 };

/** Reads the response-time target: "sub-100ms", "p95 under 2 seconds", "time to first token below 500 ms", "unter 100 ms". */
export function extractLatency(text: string): FieldExtraction<{ latencyMs: number | null; latencyPercentile: Percentile | null }> {
  const candidates: LatencyCandidate[] = [];
  for (const match of matchWords(timeQuantity, text)) {
    const candidate = readCandidate(text, match);
    if (candidate !== null) candidates.push(candidate);
  }
  const ambiguities: Ambiguity[] = [];
  if (candidates.length === 0) {
    const vague = matchWords(vagueSpeed, text).next().value;
    if (vague !== undefined) {
      ambiguities.push({ field: 'latencyMs', message: `"${vague[0]}" without a number: what response time is needed (for example p99 under 100 ms)?` });
    }
    return { value: { latencyMs: null, latencyPercentile: null }, evidence: {}, ambiguities };
  }
  const scored = candidates.map((candidate) => ({ candidate, confidence: computeConfidence('stated', candidate.cues) }));
  scored.sort(
    (left, right) =>
      right.confidence - left.confidence ||
      (right.candidate.percentile ? percentileRank[right.candidate.percentile.value] : 0) - (left.candidate.percentile ? percentileRank[left.candidate.percentile.value] : 0) ||
      left.candidate.latencyMs - right.candidate.latencyMs,
  );
  const best = scored[0];
  if (best === undefined) return { value: { latencyMs: null, latencyPercentile: null }, evidence: {}, ambiguities };
  // Different numbers at the same percentile (or none) are competing targets, not a p50/p99 pair.
  const rivals = candidates.filter(
    (candidate) => candidate.latencyMs !== best.candidate.latencyMs && (candidate.percentile?.value ?? null) === (best.candidate.percentile?.value ?? null),
  );
  const penalties: number[] = [];
  if (rivals.length > 0) {
    penalties.push(0.25);
    const values = [best.candidate.latencyMs, ...rivals.map((rival) => rival.latencyMs)].map((value) => `${value} ms`).join(', ');
    ambiguities.push({ field: 'latencyMs', message: `Several latency targets (${values}); using ${best.candidate.latencyMs} ms. Which one is the requirement?` });
  }
  const notes = [best.candidate.timeToFirstToken ? 'time to first token' : null, best.candidate.percentile?.note ?? null].filter((note): note is string => note !== null);
  const evidence: Record<string, ConstraintEvidence> = {
    latencyMs: {
      span: best.candidate.span,
      confidence: computeConfidence('stated', best.candidate.cues, penalties),
      source: 'stated',
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    },
  };
  if (best.candidate.percentile !== null) {
    evidence.latencyPercentile = { span: best.candidate.percentile.span, confidence: computeConfidence('stated', [0.5], penalties), source: 'stated' };
  }
  return { value: { latencyMs: best.candidate.latencyMs, latencyPercentile: best.candidate.percentile?.value ?? null }, evidence, ambiguities };
}
