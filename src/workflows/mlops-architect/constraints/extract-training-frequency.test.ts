import { describe, expect, it } from 'vitest';
import { extractTrainingFrequency } from './extract-training-frequency.js';

describe('extractTrainingFrequency', () => {
  it.each([
    ['XGBoost, retrained weekly', 'weekly'],
    ['retrain every 24 hours', 'daily'],
    ['the model is retrained nightly', 'daily'],
    ['weekly retraining', 'weekly'],
    ['retrain every 6 hours', 'hourly'],
    ['we retrain once a month', 'monthly'],
    ['train it once', 'once'],
    ['continuous training on new data', 'continuous'],
  ])('reads "%s" as %s', (text, frequency) => {
    const extraction = extractTrainingFrequency(text);
    expect(extraction.value).toBe(frequency);
    const span = extraction.evidence.trainingFrequency?.span;
    expect(span && text.slice(span.start, span.end)).toBe(span?.text);
  });

  it('does not read the cadence of batch scoring as a training cadence', () => {
    expect(extractTrainingFrequency('recommendations recomputed every 24 hours').value).toBeNull();
    expect(extractTrainingFrequency('batch scoring every hour').value).toBeNull();
  });
});
