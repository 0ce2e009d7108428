import type { ComplianceFramework } from '../../../contracts/mlops-architect.js';

/** The words that make a compliance framework plausible, and what it protects in a sentence. */
export interface FrameworkVocabulary {
  /** What the framework is about, for corrections: "model named HIPAA but the request never mentions it or protected health data". */
  subject: string;
  /**
   * Regular-expression source of words that point at the framework, matched on word boundaries. Looser
   * than the built-in signals (compliance-signals.ts, which also count): the model may read further
   * than the extractor, but never without a word in the request that points its way.
   */
  words: string;
}

export const frameworkVocabulary: Readonly<Record<ComplianceFramework, FrameworkVocabulary>> = {
  PCI_DSS: { subject: 'payment card data', words: String.raw`PCI|card ?holders?|(?:credit|debit|payment|bank) cards?|card (?:data|numbers?|details|payments?|transactions?)` },
  HIPAA: {
    subject: 'protected health data',
    words: String.raw`HIPAA|PHI|ePHI|health ?care|health (?:data|records?|information|insurance|plans?)|medical|patients?|clinical|clinics?|hospitals?|diagnos\p{L}*|radiolog\p{L}*`,
  },
  GDPR: { subject: 'personal data of people in Europe', words: String.raw`GDPR|DSGVO|RGPD|EU|EEA|European(?: Union)?|Europe|personal data|data subjects?|data protection` },
  SOC2: { subject: 'a SOC 2 audit', words: String.raw`SOC[\s-]?(?:2|II)|trust services|service organi[sz]ations?` },
  FEDRAMP: { subject: 'US federal customers', words: String.raw`Fed[\s-]?RAMP|federal|government|GovCloud|public[- ]sector` },
  ISO_27001: { subject: 'an ISO 27001 certification', words: String.raw`ISO(?:/IEC)?[\s-]?27001|ISO[\s-]?27k|ISMS|information security management` },
  CCPA: { subject: "California consumers' data", words: String.raw`CCPA|CPRA|California\p{L}*` },
  SOX: { subject: 'financial reporting', words: String.raw`SOX|Sarbanes[\s-]Oxley|financial (?:reporting|statements|controls)|ICFR|publicly traded` },
};
