/** Returns the 1-based line of the first occurrence of a needle in a text, or undefined when absent. */
export function findLine(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index === -1 ? undefined : text.slice(0, index).split('\n').length;
}
