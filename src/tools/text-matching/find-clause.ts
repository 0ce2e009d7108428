/** Characters that end a clause; a full stop only counts when it is not a decimal point (`0.2 s`, `99.9 %`). */
const hardBoundary = new Set([';', '!', '?', '\n', '\r']);

function isClauseBoundary(text: string, index: number): boolean {
  const character = text[index];
  if (character === undefined) return true;
  if (hardBoundary.has(character)) return true;
  if (character === '.') {
    const next = text[index + 1];
    return next === undefined || /\s/u.test(next);
  }
  return false;
}

/**
 * The clause around `index`: from the previous sentence boundary to the next one, at most `reach` characters
 * either side, so a number is only read together with words that belong to it ("p95 under 2 seconds").
 * Bounded reach keeps every call O(reach), whatever the length of the text.
 */
export function findClause(text: string, index: number, reach = 90): { start: number; end: number } {
  let start = index;
  while (start > 0 && index - start < reach && !isClauseBoundary(text, start - 1)) start -= 1;
  let end = index;
  while (end < text.length && end - index < reach && !isClauseBoundary(text, end)) end += 1;
  return { start, end };
}
