/** A part of the request: character offsets (UTF-16, as `String.prototype.slice` counts) and the text itself. */
export interface TextSpan {
  start: number;
  end: number;
  text: string;
}

/** Builds the span of `text` between two offsets, so that `text.slice(start, end) === span.text` always holds. */
export function createTextSpan(text: string, start: number, end: number): TextSpan {
  return { start, end, text: text.slice(start, end) };
}

/** The span of one regular-expression match. */
export function createMatchSpan(text: string, match: RegExpMatchArray): TextSpan {
  const start = match.index ?? 0;
  return createTextSpan(text, start, start + match[0].length);
}
