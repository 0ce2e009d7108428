import { describe, expect, it } from 'vitest';
import { isNumberSupported } from './is-number-supported.js';

describe('isNumberSupported', () => {
  it.each([
    [100, 'sub-100ms latency'],
    [10_000, '10,000 requests/second'],
    [10_000, '10k rps'],
    [2000, 'p95 under 2 seconds'],
    [2000, '120,000 requests per minute'],
    [3000, '$36k a year'],
    [1650, '1500 EUR a month'],
    [99.95, '99.95% uptime'],
    [5, 'a team of five'],
    [6000, '200 camera streams at 30 fps'],
  ])('accepts %d from "%s"', (value, quote) => {
    expect(isNumberSupported(value, quote)).toBe(true);
  });

  it.each([
    [100, 'real-time'],
    [1000, '10,000 requests/second'],
    [50, 'sub-100ms latency'],
  ])('rejects %d from "%s"', (value, quote) => {
    expect(isNumberSupported(value, quote)).toBe(false);
  });
});
