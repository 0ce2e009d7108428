/**
 * Letters, digits and `_` in any script: a term only matches when neither neighbour is one of these, so
 * `training` never matches inside `entertaining` and `RAG` never inside `storage` (the substring
 * matching that gave the earlier agent_bus detector its false positives).
 */
const wordCharacter = String.raw`[\p{L}\p{N}_]`;

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
  return new RegExp(`(?<!${wordCharacter})(?:${source})(?!${wordCharacter})`, options.caseSensitive ? 'gu' : 'giu');
}
