import { createWordPattern, matchWords } from '../text-matching/create-word-pattern.js';

const fourBit = createWordPattern(String.raw`int4|4[- ]bit|AWQ|GPTQ|NF4|Q4(?:_K_M|_0)?`);
const eightBit = createWordPattern(String.raw`int8|8[- ]bit|fp8|Q8(?:_0)?`);

/** Bytes per parameter the text asks for: 0.5 for 4-bit quantisation, 1 for 8-bit, 2 (fp16/bf16) otherwise. */
export function findWeightPrecision(text: string): { bytesPerParameter: number; label: string } {
  // matchAll().next() stops at the first match: no need to scan the rest of a long text.
  if (!matchWords(fourBit, text).next().done) return { bytesPerParameter: 0.5, label: '4-bit' };
  if (!matchWords(eightBit, text).next().done) return { bytesPerParameter: 1, label: '8-bit' };
  return { bytesPerParameter: 2, label: 'fp16' };
}
