import { describe, expect, it } from 'vitest';
import { formatMicroUsd } from './format-micro-usd.js';

describe('formatMicroUsd', () => {
  it('shows dollars with two decimals from $1, two significant digits below, and unknown prices as such', () => {
    expect(formatMicroUsd(12_500_000)).toBe('$12.50');
    expect(formatMicroUsd(4_200)).toBe('$0.0042');
    expect(formatMicroUsd(0)).toBe('$0');
    expect(formatMicroUsd(null)).toBe('cost unknown');
  });
});
