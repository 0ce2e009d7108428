import { createWordPattern, matchWords } from '../text-matching/create-word-pattern.js';
import { createMatchSpan, type TextSpan } from '../text-matching/text-span.js';

/** "8B", "70b", "1.5B", "7 billion parameters"; not "$3B" (money) nor "8GB" (memory). */
const denseSize = createWordPattern(String.raw`(?<![$€£])(\d{1,4}(?:\.\d)?)\s?(?:B|billion(?: parameters| params)?)`);
/** Mixture of experts: "8x7B", "8x22B". */
const mixtureSize = createWordPattern(String.raw`(\d{1,2})\s?x\s?(\d{1,3}(?:\.\d)?)B`);

/**
 * Experts share attention and embedding layers, so a mixture holds fewer parameters than experts × size:
 * Mixtral 8x7B has 46.7B, about 0.83 of 56 (Mistral AI's model card).
 */
const mixtureSharing = 0.83;

/** The largest model size written in the text, in billions of parameters, with where it was written. */
export function parseModelSize(text: string): { billions: number; span: TextSpan } | null {
  let largest: { billions: number; span: TextSpan } | null = null;
  for (const match of matchWords(mixtureSize, text)) {
    const billions = Number(match[1]) * Number(match[2]) * mixtureSharing;
    if (largest === null || billions > largest.billions) largest = { billions, span: createMatchSpan(text, match) };
  }
  for (const match of matchWords(denseSize, text)) {
    const billions = Number(match[1]);
    // Sizes outside what anyone serves are read as something else ("2B rows").
    if (!(billions >= 0.1 && billions <= 2000)) continue;
    if (largest === null || billions > largest.billions) largest = { billions, span: createMatchSpan(text, match) };
  }
  return largest;
}
