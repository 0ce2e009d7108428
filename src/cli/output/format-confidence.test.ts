import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import { formatConfidence } from './format-confidence.js';

const colours = createColors(true);

describe('formatConfidence', () => {
  it.each([
    [0.91, colours.green('0.91')],
    [0.86, colours.green('0.86')],
    [0.85, colours.yellow('0.85')],
    [0.7, colours.yellow('0.70')],
    [0.69, colours.red('0.69')],
    [0.2, colours.red('0.20')],
  ])('colours %d as the issue says: green above 0.85, yellow from 0.7, red below', (confidence, expected) => {
    expect(formatConfidence(confidence, colours)).toBe(expected);
  });

  it('keeps the number when colours are off', () => {
    expect(formatConfidence(0.5, createColors(false))).toBe('0.50');
  });
});
