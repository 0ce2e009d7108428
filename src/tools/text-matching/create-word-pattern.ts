/**
 * Letters, digits and `_` of the scripts requests are written in: a term only matches when neither
 * neighbour is one of these, so `training` never matches inside `entertaining` and `RAG` never
 * inside `storage` (the substring matching that gave the earlier agent_bus detector its false
 * positives). Explicit ranges (Latin with its extensions, Greek, Cyrillic, Armenian, Hebrew,
 * Arabic, the Indic scripts, Thai, Lao, Georgian, Hangul, kana, CJK, full-width Latin) rather than
 * `[\p{L}\p{N}_]`: V8 builds the Unicode property tables for every pattern that uses them, which
 * made compiling the extractors' few hundred patterns cost about 250 ms on a cold process.
 */
const wordCharacter = String.raw`[0-9A-Z_a-z\u00AA\u00B2\u00B3\u00B5\u00B9\u00BA\u00BC-\u00BE\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u03FF\u0400-\u052F\u0531-\u058F\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u0900-\u0DFF\u0E00-\u0EFF\u10A0-\u10FF\u1100-\u11FF\u1E00-\u1FFF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]`;

/** Options for {@link createWordPattern}. */
export interface WordPatternOptions {
  /** Match case exactly, for terms whose lower-case spelling is an ordinary word (`CLIP`, `US`, `SOX`). */
  caseSensitive?: boolean;
}

/**
 * Compiles a regular-expression source into a global, Unicode pattern that only matches on word boundaries.
 *
 * Sources must not nest unbounded quantifiers: V8 backtracks, and the extractors run on 100 KB inputs.
 */
export function createWordPattern(source: string, options: WordPatternOptions = {}): RegExp {
  const pattern = new RegExp(`(?<!${wordCharacter})(?:${source})(?!${wordCharacter})`, options.caseSensitive ? 'gu' : 'giu');
  // The same term without the boundary checks: cheap to compile, it rules out most texts first.
  termOnly.set(pattern, new RegExp(source, options.caseSensitive ? 'u' : 'iu'));
  return pattern;
}

const termOnly = new WeakMap<RegExp, RegExp>();

/**
 * `text.matchAll(pattern)` for a word pattern, skipping the pattern when its term does not occur
 * at all. V8 compiles a pattern at its first use, and the boundary classes make that the costly
 * part (about 1 ms each, hundreds of patterns on a cold process); most terms of the signal tables
 * never occur in a given request, so their patterns are never compiled.
 */
export function matchWords(pattern: RegExp, text: string): RegExpStringIterator<RegExpExecArray> {
  const term = termOnly.get(pattern);
  return term !== undefined && !term.test(text) ? ''.matchAll(neverMatches) : text.matchAll(pattern);
}

const neverMatches = /(?!)/g;
