import { describe, expect, it } from 'vitest';
import { extractDataClassification } from './extract-data-classification.js';

const noCompliance = { frameworks: [], evidence: {} };

describe('extractDataClassification', () => {
  it.each([
    ['patient data is PHI', 'restricted'],
    ['we store cardholder data', 'restricted'],
    ['customer PII', 'confidential'],
    ['an internal assistant', 'internal'],
    ['trained on public datasets', 'public'],
  ] as const)('reads "%s" as %s', (text, level) => {
    expect(extractDataClassification(text, noCompliance).value).toBe(level);
  });

  it('takes the most sensitive level mentioned', () => {
    expect(extractDataClassification('an internal tool over PHI', noCompliance).value).toBe('restricted');
  });

  it('implies the level a compliance framework governs', () => {
    const extraction = extractDataClassification('a fraud model', { frameworks: ['PCI_DSS'], evidence: {} });
    expect(extraction).toMatchObject({ value: 'restricted', evidence: { dataClassification: { source: 'implied' } } });
  });

  it('is null when nothing is said', () => {
    expect(extractDataClassification('a churn model', noCompliance).value).toBeNull();
  });
});
