import { describe, expect, it } from 'vitest';
import { checkFrameworkQuote } from './check-framework-quote.js';

describe('checkFrameworkQuote', () => {
  const request = 'Scores card payments for EU merchants; no patient data is involved. PCI DSS applies.';

  it('states a framework its quote names', () => {
    expect(checkFrameworkQuote(request, 'PCI_DSS', 'pci dss applies')).toMatchObject({ supported: true, source: 'stated', span: { text: 'PCI DSS applies' } });
  });

  it('implies a framework its quote describes the data of', () => {
    expect(checkFrameworkQuote(request, 'GDPR', 'EU merchants')).toMatchObject({ supported: true, source: 'implied' });
  });

  it('rejects a framework the request rules out', () => {
    expect(checkFrameworkQuote(request, 'HIPAA', 'patient data')).toEqual({ supported: false, reason: 'the request rules it out ("patient data")' });
  });

  it('rejects a framework the request never points at, whatever the quote', () => {
    expect(checkFrameworkQuote(request, 'SOX', 'PCI DSS applies')).toEqual({ supported: false, reason: 'the request never mentions it or financial reporting' });
  });

  it('rejects a quote that is not in the request, or does not point at the framework', () => {
    expect(checkFrameworkQuote(request, 'GDPR', 'European customers')).toEqual({ supported: false, reason: 'its quote "European customers" is not in the request' });
    expect(checkFrameworkQuote(request, 'GDPR', 'card payments')).toEqual({ supported: false, reason: 'its quote "card payments" mentions neither it nor personal data of people in Europe' });
  });
});
