import { createWordPattern } from '../../../tools/text-matching/create-word-pattern.js';
import { parseQuantity, quantitySource } from '../../../tools/text-matching/parse-quantity.js';

// Not a word pattern: "100ms" must read as 100 although a letter follows the digits.
const quantityPattern = new RegExp(quantitySource, 'giu');
const numberWords: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, dozen: 12, twenty: 20, fifty: 50, hundred: 100,
};
const numberWordPattern = createWordPattern(Object.keys(numberWords).join('|'));

/**
 * The unit conversions a reading may apply to a written number: seconds and minutes to milliseconds,
 * per minute, hour or day to per second, yearly, weekly and daily amounts to monthly, and euros and
 * pounds to dollars at the rates the built-in budget reader uses (extract-budget.ts).
 */
const conversions: readonly number[] = [1, 1000, 60_000, 1 / 1000, 1 / 60, 1 / 3600, 1 / 86_400, 1 / 12, 12, 52 / 12, 365 / 12, 1.1, 1.3, 1.1 / 12, 1.3 / 12];

// Rounding in the reader (two decimals for money, three for rates) must not count as a different number.
const relativeTolerance = 0.01;

function findNumbers(quote: string): number[] {
  const numbers: number[] = [];
  for (const match of quote.matchAll(quantityPattern)) {
    const value = parseQuantity(match[1], match[2]);
    if (value !== null) numbers.push(value);
  }
  for (const match of quote.matchAll(numberWordPattern)) {
    const value = numberWords[match[0].toLowerCase()];
    if (value !== undefined) numbers.push(value);
  }
  return numbers;
}

/**
 * Whether a number the model read can come from its quote: some number written in the quote, or the
 * product of two, equals it directly or after one of the usual unit conversions. A model that turns "real-time" into
 * 100 ms, or "10,000 requests/second" into 1,000, fails this check.
 */
export function isNumberSupported(value: number, quote: string): boolean {
  const numbers = findNumbers(quote);
  // A count times a rate is a load too: "200 camera streams at 30 fps" is 6,000 frames a second.
  const products = numbers.flatMap((left, index) => numbers.slice(index + 1).map((right) => left * right));
  return [...numbers, ...products].some((written) =>
    conversions.some((factor) => {
      const converted = written * factor;
      return Math.abs(converted - value) <= relativeTolerance * Math.max(Math.abs(value), Math.abs(converted)) || Math.abs(converted - value) < 1e-9;
    }),
  );
}
