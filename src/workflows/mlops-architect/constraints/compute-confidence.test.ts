import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeConfidence } from './compute-confidence.js';

const strengths = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

describe('computeConfidence', () => {
  it('starts stated above implied above default', () => {
    expect(computeConfidence('stated')).toBeGreaterThan(computeConfidence('implied'));
    expect(computeConfidence('implied')).toBeGreaterThan(computeConfidence('default'));
  });

  it('rises with every cue and falls with every penalty', () => {
    expect(computeConfidence('stated', [0.3, 0.3])).toBeGreaterThan(computeConfidence('stated', [0.3]));
    expect(computeConfidence('stated', [0.3], [0.2])).toBeLessThan(computeConfidence('stated', [0.3]));
  });

  it('stays between 0.05 and 0.99 whatever the cues', () => {
    fc.assert(
      fc.property(strengths, strengths, (cues, penalties) => {
        const confidence = computeConfidence('stated', cues, penalties);
        expect(confidence).toBeGreaterThanOrEqual(0.05);
        expect(confidence).toBeLessThanOrEqual(0.99);
      }),
    );
  });
});
