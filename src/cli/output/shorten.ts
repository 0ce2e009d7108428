/** `text` on one line, cut to at most `width` characters with an ellipsis (reasoning can run to paragraphs). */
export function shorten(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : `${line.slice(0, Math.max(1, width - 1)).trimEnd()}…`;
}
