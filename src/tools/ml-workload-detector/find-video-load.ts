import { createWordPattern, matchWords } from '../text-matching/create-word-pattern.js';
import { findClause } from '../text-matching/find-clause.js';
import { parseQuantity, quantitySource } from '../text-matching/parse-quantity.js';
import { createTextSpan, type TextSpan } from '../text-matching/text-span.js';

const streamCount = createWordPattern(String.raw`${quantitySource}\s+(?:[\p{L}-]+\s+){0,2}?(?:streams|feeds|cameras)`);
const frameRate = createWordPattern(String.raw`(\d{1,3}(?:\.\d+)?)\s?(?:fps|frames per second|frames/s)`);

/** Surveillance and retail analytics commonly sample video at 10–15 fps; used when no rate is written. */
export const assumedFramesPerSecond = 15;

/** Video to analyse: streams × frames per second, when the text names a number of streams or cameras. */
export function findVideoLoad(text: string): { streams: number; framesPerSecond: number; assumedRate: boolean; span: TextSpan } | null {
  const streamsMatch = matchWords(streamCount, text).next().value;
  if (streamsMatch === undefined) return null;
  const streams = parseQuantity(streamsMatch[1], streamsMatch[2]);
  if (streams === null || streams <= 0) return null;
  const start = streamsMatch.index;
  const clause = findClause(text, start, 120);
  const rateMatch = matchWords(frameRate, text.slice(start, clause.end)).next().value;
  const rate = rateMatch === undefined ? null : Number(rateMatch[1]);
  const end = rateMatch === undefined ? start + streamsMatch[0].length : start + rateMatch.index + rateMatch[0].length;
  return {
    streams,
    framesPerSecond: rate !== null && rate > 0 ? rate : assumedFramesPerSecond,
    assumedRate: rate === null || rate <= 0,
    span: createTextSpan(text, start, end),
  };
}
