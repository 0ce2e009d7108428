import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRetryDelayMs, defaultBackoff, type BackoffOptions } from './retry-backoff.js';

const attempts = fc.integer({ min: 1, max: 50 });
const randoms = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const backoffs: fc.Arbitrary<BackoffOptions> = fc
  .record({ baseDelayMs: fc.integer({ min: 1, max: 60_000 }), extraMs: fc.integer({ min: 0, max: 3_600_000 }) })
  .map(({ baseDelayMs, extraMs }) => ({ baseDelayMs, maxDelayMs: baseDelayMs + extraMs }));

/** The exponential ceiling full jitter draws below. */
function ceilingOf(attempt: number, options: BackoffOptions): number {
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
}

describe('computeRetryDelayMs', () => {
  it('stays between the 50 ms floor and the exponential ceiling', () => {
    fc.assert(
      fc.property(attempts, randoms, backoffs, (attempt, random, options) => {
        const delay = computeRetryDelayMs(attempt, options, () => random);
        const ceiling = ceilingOf(attempt, options);
        expect(delay).toBeGreaterThanOrEqual(Math.min(50, ceiling));
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });

  it('never exceeds maxDelayMs', () => {
    fc.assert(
      fc.property(attempts, randoms, backoffs, (attempt, random, options) => {
        expect(computeRetryDelayMs(attempt, options, () => random)).toBeLessThanOrEqual(options.maxDelayMs);
      }),
    );
  });

  it('is never zero, so a retry is not claimed before the failing worker returns', () => {
    fc.assert(
      fc.property(attempts, randoms, backoffs, (attempt, random, options) => {
        expect(computeRetryDelayMs(attempt, options, () => random)).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('uses the default backoff when no options are given', () => {
    fc.assert(
      fc.property(attempts, randoms, (attempt, random) => {
        const delay = computeRetryDelayMs(attempt, undefined, () => random);
        expect(delay).toBeGreaterThanOrEqual(50);
        expect(delay).toBeLessThanOrEqual(ceilingOf(attempt, defaultBackoff));
      }),
    );
  });

  it('draws from the whole range: the top of the range with random near 1', () => {
    expect(computeRetryDelayMs(3, { baseDelayMs: 1_000, maxDelayMs: 60_000 }, () => 0.9999)).toBe(4_000);
  });
});
