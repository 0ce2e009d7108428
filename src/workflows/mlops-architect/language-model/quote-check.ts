import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import type { TextSpan } from '../../../tools/text-matching/text-span.js';
import { locateQuote } from './locate-quote.js';

/** The verdict on one value the model read: where its quote is in the request, or why it is not supported. */
export type QuoteCheck = { supported: true; span: TextSpan; source: Extract<ConstraintEvidence['source'], 'stated' | 'implied'> } | { supported: false; reason: string };

// Long enough to recognise the quote in a correction, short enough for a reason card.
const maxQuoteShown = 80;

/** A quote as corrections show it: in quotation marks, shortened when long. */
export function showQuote(quote: string): string {
  const flat = quote.replace(/\s+/gu, ' ').trim();
  return `"${flat.length > maxQuoteShown ? `${flat.slice(0, maxQuoteShown)}…` : flat}"`;
}

/** The basic check every value passes: its quote occurs in the request (case-insensitive, whitespace-tolerant). */
export function checkQuoteLocated(request: string, quote: string): QuoteCheck {
  const span = locateQuote(request, quote);
  return span === null ? { supported: false, reason: `its quote ${showQuote(quote)} is not in the request` } : { supported: true, span, source: 'stated' };
}
