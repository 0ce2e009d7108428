import { createTextSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';

/** Quotes longer than this are not quotes of one value; it also bounds the matching work. */
const maxQuoteLength = 400;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, String.raw`\$&`);
}

/**
 * Where the model's quote occurs in the request, as a span of the request's own text, or null when it
 * does not occur. Case-insensitive, and any run of whitespace matches any other, because models
 * re-flow line breaks when they copy; everything else must match verbatim.
 */
export function locateQuote(request: string, quote: string): TextSpan | null {
  const words = quote.trim().split(/\s+/u).filter((word) => word !== '');
  if (words.length === 0 || quote.length > maxQuoteLength) return null;
  // Literal words separated by \s+: no nested quantifiers, so matching stays linear in the request.
  const pattern = new RegExp(words.map(escapeRegExp).join(String.raw`\s+`), 'iu');
  const match = pattern.exec(request);
  return match === null ? null : createTextSpan(request, match.index, match.index + match[0].length);
}
