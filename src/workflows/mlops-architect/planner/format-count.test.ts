import { describe, expect, it } from 'vitest';
import { formatCount, formatUsd } from './format-count.js';

describe('formatCount', () => {
  it('groups thousands with commas and rounds large numbers to whole ones', () => {
    expect(formatCount(10_000)).toBe('10,000');
    expect(formatCount(1_234_567.8)).toBe('1,234,568');
  });

  it('keeps two decimals below ten so small rates stay visible', () => {
    expect(formatCount(0.0833)).toBe('0.08');
    expect(formatCount(1.31)).toBe('1.31');
  });

  it('formats money as whole dollars', () => {
    expect(formatUsd(1499.6)).toBe('$1,500');
  });
});
