import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { findClause } from '../../../tools/text-matching/find-clause.js';
import { parseQuantity, quantitySource } from '../../../tools/text-matching/parse-quantity.js';
import { createTextSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';

/** "$3,000", "US$ 500", "€1.2k" (currency first) and "1500 USD", "200 dollars", "800 Euro" (currency after). */
const currencyFirst = createWordPattern(String.raw`(US\$|\$|€|£|USD|EUR|GBP)\s?${quantitySource}`);
const currencyAfter = createWordPattern(String.raw`${quantitySource}\s?(\$|USD|dollars?|bucks|€|EUR|euros?|£|GBP|pounds?)`);
/** The period right after the amount: "per month", "a month", "/mo", "monthly", "a year", "pro Monat". */
const periodAfter =
  /^\s*(?:(?:\/\s*|(?:per|a|an|each|every|pro|im|par|por)\s+)(month|mo|year|yr|annum|week|wk|day|hour|hr|monat|jahr)(?![\p{L}])|(monthly|yearly|annually|weekly|daily|monatlich|jährlich)(?![\p{L}]))/iu;
/** The period before: "monthly budget of", "annual spend under". */
const periodBefore = /(?:^|[^\p{L}])(monthly|annual|yearly|weekly|daily)\s+(?:cloud\s+|infrastructure\s+|infra\s+)?(?:budget|spend|cost|costs)\b[^\n]{0,20}$/iu;
/** Words that make an amount a limit. "Cost" is not one: "GPUs cost $2 an hour" is a price. */
const budgetWord = createWordPattern(String.raw`budget|spend|spending|under|below|max(?:imum)?|at most|cap|limit|no more than|keep (?:it|costs?)|afford|cheap(?:est)?|höchstens`);

const monthsPerPeriod: Readonly<Record<string, number>> = {
  month: 1, mo: 1, monthly: 1, monat: 1, monatlich: 1,
  year: 12, yr: 12, annum: 12, yearly: 12, annually: 12, annual: 12, jahr: 12, jährlich: 12,
  // 52 weeks and 365 days spread over 12 months.
  week: 12 / 52, wk: 12 / 52, weekly: 12 / 52,
  day: 12 / 365, daily: 12 / 365,
  // About 730 hours in a month; only read as a budget when a budget word says so (otherwise it is a price).
  hour: 1 / 730, hr: 1 / 730,
};

/**
 * Rough conversion to US dollars (2025 averages, rounded): budgets are ceilings for a first estimate, and the
 * note says a conversion happened so the cost critic can leave headroom.
 */
const usdPerUnit: Readonly<Record<string, number>> = { usd: 1, eur: 1.1, gbp: 1.3 };

function currencyCode(symbol: string): string {
  const lower = symbol.toLowerCase();
  if (lower.includes('€') || lower.startsWith('eur')) return 'eur';
  if (lower.includes('£') || lower === 'gbp' || lower.startsWith('pound')) return 'gbp';
  return 'usd';
}

interface BudgetCandidate {
  monthlyUsd: number;
  span: TextSpan;
  cues: number[];
  notes: string[];
  periodStated: boolean;
}

function readCandidate(text: string, match: RegExpMatchArray, digits: string | undefined, multiplier: string | undefined, symbol: string): BudgetCandidate | null {
  const amount = parseQuantity(digits, multiplier);
  if (amount === null || amount < 0) return null;
  const start = match.index ?? 0;
  let end = start + match[0].length;
  const after = periodAfter.exec(text.slice(end, end + 30));
  const before = text.slice(Math.max(0, start - 60), start);
  const periodWordBefore = periodBefore.exec(before);
  const period = (after?.[1] ?? after?.[2] ?? periodWordBefore?.[1] ?? '').toLowerCase();
  if (after !== null) end += after[0].length;
  const clause = findClause(text, start, 60);
  // The budget word may come before the amount ("budget is only $500") or just after it ("$5,000 budget").
  const keyword = !text.slice(clause.start, Math.min(clause.end, end + 20)).matchAll(budgetWord).next().done;
  // Without a budget word, only a period of a day or longer makes an amount a budget; "$2 an hour" is a price.
  if (!keyword && (period === '' || period === 'hour' || period === 'hr')) return null;
  const months = monthsPerPeriod[period] ?? 1;
  const currency = currencyCode(symbol);
  const notes: string[] = [];
  if (months !== 1) notes.push(`converted from a ${period} figure`);
  if (currency !== 'usd') notes.push(`converted from ${currency.toUpperCase()} at ~${usdPerUnit[currency]} USD`);
  if (period === '') notes.push('no period written; monthly assumed');
  return {
    monthlyUsd: Math.round(((amount * (usdPerUnit[currency] ?? 1)) / months) * 100) / 100,
    span: createTextSpan(text, start, end),
    cues: [period !== '' ? 0.35 : 0, keyword ? 0.35 : 0, currency === 'usd' ? 0.1 : 0],
    notes,
    periodStated: period !== '',
  };
}

/** Reads the monthly budget in US dollars: "$3,000 per month", "1500 USD a month", "under $200/month", "$36k a year" (÷ 12). */
export function extractBudget(text: string): FieldExtraction<number | null> {
  const candidates: BudgetCandidate[] = [];
  for (const match of matchWords(currencyFirst, text)) {
    const candidate = readCandidate(text, match, match[2], match[3], match[1] ?? '$');
    if (candidate !== null) candidates.push(candidate);
    if (candidates.length >= 10) break;
  }
  for (const match of matchWords(currencyAfter, text)) {
    const start = match.index;
    if (candidates.some((candidate) => candidate.span.start <= start && start < candidate.span.end)) continue;
    const candidate = readCandidate(text, match, match[1], match[2], match[3] ?? 'usd');
    if (candidate !== null) candidates.push(candidate);
    if (candidates.length >= 20) break;
  }
  if (candidates.length === 0) return { value: null, evidence: {}, ambiguities: [] };
  const scored = candidates.map((candidate) => ({ candidate, confidence: computeConfidence('stated', candidate.cues) })).sort((left, right) => right.confidence - left.confidence);
  const best = scored[0];
  if (best === undefined) return { value: null, evidence: {}, ambiguities: [] };
  const ambiguities: Ambiguity[] = [];
  const penalties: number[] = [];
  const rivals = scored.filter((entry) => entry.confidence === best.confidence && entry.candidate.monthlyUsd !== best.candidate.monthlyUsd);
  if (rivals.length > 0) {
    penalties.push(0.25);
    ambiguities.push({ field: 'budgetMonthlyUsd', message: `Several budgets (${[best, ...rivals].map((entry) => `"${entry.candidate.span.text}"`).join(', ')}); using ${best.candidate.monthlyUsd} USD a month. Which is the limit?` });
  }
  if (!best.candidate.periodStated) ambiguities.push({ field: 'budgetMonthlyUsd', message: `"${best.candidate.span.text}" has no period: is it per month, per year or in total?` });
  const evidence: ConstraintEvidence = {
    span: best.candidate.span,
    confidence: computeConfidence('stated', best.candidate.cues, penalties),
    source: 'stated',
    ...(best.candidate.notes.length > 0 ? { note: best.candidate.notes.join('; ') } : {}),
  };
  return { value: best.candidate.monthlyUsd, evidence: { budgetMonthlyUsd: evidence }, ambiguities };
}
