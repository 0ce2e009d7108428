import { describe, expect, it } from 'vitest';
import { isNegated } from './is-negated.js';

function negated(text: string, term: string): boolean {
  return isNegated(text, text.indexOf(term));
}

describe('isNegated', () => {
  it('sees a negation up to two words before the term', () => {
    expect(negated('We need no GPU', 'GPU')).toBe(true);
    expect(negated('built without a GPU', 'GPU')).toBe(true);
    expect(negated('we are not subject to GDPR', 'GDPR')).toBe(true);
    expect(negated("we don't need autoscaling", 'autoscaling')).toBe(true);
    expect(negated('Betrieb ohne GPU', 'GPU')).toBe(true);
  });

  it('does not reach across a clause or further than two words', () => {
    expect(negated('No budget limits, GPU required', 'GPU')).toBe(false);
    expect(negated('not that we would ever skip GPU', 'GPU')).toBe(false);
  });

  it('does not read "now" or "note" as "no"', () => {
    expect(negated('now GPU', 'GPU')).toBe(false);
    expect(negated('note GPU', 'GPU')).toBe(false);
  });
});
