import { describe, expect, it } from 'vitest';
import { findClause } from './find-clause.js';

function clauseAt(text: string, term: string): string {
  const clause = findClause(text, text.indexOf(term));
  return text.slice(clause.start, clause.end);
}

describe('findClause', () => {
  it('stops at sentence ends and semicolons', () => {
    expect(clauseAt('First part. p95 under 2 s; then more', 'p95')).toBe(' p95 under 2 s');
  });

  it('does not stop at a decimal point', () => {
    expect(clauseAt('answer in 0.2 s at p99.', '0.2')).toBe('answer in 0.2 s at p99');
  });

  it('reaches at most the given distance either side', () => {
    const text = `${'a'.repeat(500)}X${'b'.repeat(500)}`;
    const clause = findClause(text, 500, 10);
    expect(clause).toEqual({ start: 490, end: 510 });
  });
});
