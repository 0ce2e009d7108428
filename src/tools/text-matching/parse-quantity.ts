/**
 * A number as people type it, then an optional multiplier word: "10,000", "10.000" (German thousands),
 * "0.2", "1,5" (decimal comma), "10k", "1.5 million", "20 Mio". Capture groups: 1 digits, 2 multiplier.
 * `\d+(?:[.,]\d+)*` cannot backtrack badly: each repetition must start with a separator.
 */
export const quantitySource = String.raw`(?<![\p{L}\p{N}_.,])(\d+(?:[.,]\d+)*)(?:\s?(k|thousand|tausend|million|millions|millionen|mio|mn|m|bn|billion|billions)(?![\p{L}\p{N}_]))?`;

const multipliers: Readonly<Record<string, number>> = {
  k: 1e3,
  thousand: 1e3,
  tausend: 1e3,
  m: 1e6,
  mn: 1e6,
  mio: 1e6,
  million: 1e6,
  millions: 1e6,
  millionen: 1e6,
  bn: 1e9,
  billion: 1e9,
  billions: 1e9,
};

/**
 * Reads digits with separators; returns null when the separators do not form a number.
 * "10.000" is read as ten thousand (German and most of Europe group with dots), "0.2" and "99.95" as decimals.
 */
export function parseDigits(digits: string): number | null {
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u.test(digits)) return Number(digits.replaceAll(',', ''));
  if (/^[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$/u.test(digits)) return Number(digits.replaceAll('.', '').replace(',', '.'));
  if (/^\d+,\d{1,2}$/u.test(digits)) return Number(digits.replace(',', '.'));
  if (/^\d+(?:\.\d+)?$/u.test(digits)) return Number(digits);
  return null;
}

/** Converts captured digits and an optional multiplier word into a number, or null when it is not one. */
export function parseQuantity(digits: string | undefined, multiplier: string | undefined): number | null {
  if (digits === undefined) return null;
  const value = parseDigits(digits);
  if (value === null || !Number.isFinite(value)) return null;
  const factor = multiplier === undefined ? 1 : multipliers[multiplier.toLowerCase()];
  return factor === undefined ? null : value * factor;
}
