import { describe, expect, it } from 'vitest';
import { extractCompliance } from './extract-compliance.js';

describe('extractCompliance', () => {
  it.each([
    ['PCI DSS compliance', 'PCI_DSS'],
    ['PCI-DSS obligations', 'PCI_DSS'],
    ['PCIDSS', 'PCI_DSS'],
    ['must be HIPAA compliant', 'HIPAA'],
    ['GDPR applies', 'GDPR'],
    ['DSGVO-konform', 'GDPR'],
    ['SOC 2 audit next quarter', 'SOC2'],
    ['SOC2 Type II', 'SOC2'],
    ['FedRAMP Moderate', 'FEDRAMP'],
    ['ISO 27001 certified', 'ISO_27001'],
    ['ISO/IEC 27001', 'ISO_27001'],
    ['CCPA', 'CCPA'],
    ['SOX controls', 'SOX'],
    ['Sarbanes-Oxley', 'SOX'],
  ])('reads "%s" as %s, stated', (text, framework) => {
    const extraction = extractCompliance(text);
    expect(extraction.value).toEqual([framework]);
    expect(extraction.evidence[`compliance.${framework}`]?.source).toBe('stated');
  });

  it.each([
    ['patient data is PHI', 'HIPAA'],
    ['we keep patient data', 'HIPAA'],
    ['we store cardholder data', 'PCI_DSS'],
    ['we accept card payments', 'PCI_DSS'],
    ['EU residency is required', 'GDPR'],
    ['data must stay in the EU', 'GDPR'],
    ['data must not leave the EU', 'GDPR'],
    ['users include California residents', 'CCPA'],
    ['feeds our financial reporting', 'SOX'],
  ])('reads "%s" as %s, implied', (text, framework) => {
    const extraction = extractCompliance(text);
    expect(extraction.value).toEqual([framework]);
    expect(extraction.evidence[`compliance.${framework}`]).toMatchObject({ source: 'implied', note: expect.stringContaining('implied by') });
  });

  it('is less sure of implied frameworks than of named ones', () => {
    const implied = extractCompliance('we accept card payments').evidence['compliance.PCI_DSS']?.confidence ?? 1;
    const named = extractCompliance('PCI DSS compliance').evidence['compliance.PCI_DSS']?.confidence ?? 0;
    expect(implied).toBeLessThan(named);
  });

  it('grows surer when a named framework is corroborated by the data it governs', () => {
    const corroborated = extractCompliance('patient data is PHI so we must be HIPAA compliant').evidence['compliance.HIPAA']?.confidence ?? 0;
    const alone = extractCompliance('we must be HIPAA compliant').evidence['compliance.HIPAA']?.confidence ?? 1;
    expect(corroborated).toBeGreaterThan(alone);
  });

  it('keeps every framework in order of the contract and reports the weakest in the list evidence', () => {
    const extraction = extractCompliance('GDPR and PCI-DSS obligations; we also keep patient data');
    expect(extraction.value).toEqual(['PCI_DSS', 'HIPAA', 'GDPR']);
    expect(extraction.evidence.compliance?.source).toBe('implied');
    expect(extraction.evidence.compliance?.confidence).toBe(extraction.evidence['compliance.HIPAA']?.confidence);
  });

  it('reads a negated framework as not required and says so', () => {
    const extraction = extractCompliance('This is not subject to HIPAA.');
    expect(extraction.value).toEqual([]);
    expect(extraction.ambiguities[0]?.message).toContain('"HIPAA"');
  });

  it('does not read lookalikes: "PCIe" cards, the Phi-3 model, socks', () => {
    expect(extractCompliance('PCIe GPUs running Phi-3, warm sox').value).toEqual([]);
  });
});
