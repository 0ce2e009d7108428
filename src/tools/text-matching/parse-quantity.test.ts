import { describe, expect, it } from 'vitest';
import { parseDigits, parseQuantity } from './parse-quantity.js';

describe('parseDigits', () => {
  it.each([
    ['10,000', 10_000],
    ['120,000', 120_000],
    ['10.000', 10_000],
    ['1.234.567', 1_234_567],
    ['0.2', 0.2],
    ['99.95', 99.95],
    ['1,5', 1.5],
    ['500', 500],
  ])('reads %s as %d', (digits, expected) => {
    expect(parseDigits(digits)).toBe(expected);
  });

  it('refuses separators that do not form a number', () => {
    expect(parseDigits('1,2,3')).toBeNull();
    expect(parseDigits('1.2.3')).toBeNull();
  });
});

describe('parseQuantity', () => {
  it('applies multiplier words', () => {
    expect(parseQuantity('10', 'k')).toBe(10_000);
    expect(parseQuantity('1.5', 'K')).toBe(1500);
    expect(parseQuantity('20', 'million')).toBe(20_000_000);
    expect(parseQuantity('2', 'Mio')).toBe(2_000_000);
  });

  it('returns null for missing digits or an unknown multiplier', () => {
    expect(parseQuantity(undefined, undefined)).toBeNull();
    expect(parseQuantity('3', 'zillion')).toBeNull();
  });
});
