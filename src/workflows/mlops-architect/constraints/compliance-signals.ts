import type { ComplianceFramework } from '../../../contracts/mlops-architect.js';

/** A way a request names or implies a compliance framework. */
export interface ComplianceSignal {
  framework: ComplianceFramework;
  /** Regular-expression source, matched on word boundaries. */
  pattern: string;
  caseSensitive?: boolean;
  /** `stated`: the framework's name; `implied`: data or duties that fall under it. */
  source: 'stated' | 'implied';
  /** How strongly this wording points at the framework (a cue strength for computeConfidence). */
  strength: number;
  /** The phrase carries its own negation ("must not leave the EU" still means GDPR), so a "not" before it changes nothing. */
  ignoresNegation?: boolean;
}

/**
 * Names score higher than implications; full names higher than abbreviations that mean other things too
 * ("PCI" is also a bus). Implied signals are the data or duties the framework exists for: PHI is HIPAA's
 * subject by definition (0.45), "patient data" usually but not always PHI (0.3).
 */
export const complianceSignals: readonly ComplianceSignal[] = [
  { framework: 'PCI_DSS', pattern: String.raw`PCI[\s-]?DSS(?:\s?v?4(?:\.0)?)?|Payment Card Industry Data Security Standard`, source: 'stated', strength: 0.5 },
  { framework: 'PCI_DSS', pattern: String.raw`PCI`, caseSensitive: true, source: 'stated', strength: 0.3 },
  { framework: 'HIPAA', pattern: String.raw`HIPAA|HIPPA|HITECH`, source: 'stated', strength: 0.5 },
  { framework: 'GDPR', pattern: String.raw`(?:UK )?GDPR|DSGVO|RGPD|General Data Protection Regulation`, source: 'stated', strength: 0.5 },
  { framework: 'SOC2', pattern: String.raw`SOC[\s-]?(?:2|II)(?:\s?Type\s?(?:II|2|I|1))?`, source: 'stated', strength: 0.5 },
  { framework: 'FEDRAMP', pattern: String.raw`Fed[\s-]?RAMP(?:\s(?:High|Moderate|Low))?`, source: 'stated', strength: 0.5 },
  { framework: 'ISO_27001', pattern: String.raw`ISO(?:/IEC)?[\s-]?27001(?::\d{4})?|ISO[\s-]?27k`, source: 'stated', strength: 0.5 },
  { framework: 'CCPA', pattern: String.raw`CCPA|CPRA|California Consumer Privacy Act`, source: 'stated', strength: 0.5 },
  { framework: 'SOX', pattern: String.raw`SOX|Sarbanes[\s-]Oxley|SarbOx`, caseSensitive: true, source: 'stated', strength: 0.5 },
  { framework: 'SOX', pattern: String.raw`Sarbanes[\s-]Oxley`, source: 'stated', strength: 0.5 },

  { framework: 'HIPAA', pattern: String.raw`e?PHI`, caseSensitive: true, source: 'implied', strength: 0.45 },
  { framework: 'HIPAA', pattern: String.raw`protected health information`, source: 'implied', strength: 0.45 },
  { framework: 'HIPAA', pattern: String.raw`patient (?:data|records|information|health data)|medical records|health records|clinical data`, source: 'implied', strength: 0.3 },
  { framework: 'HIPAA', pattern: String.raw`EHRs?|EMRs?`, caseSensitive: true, source: 'implied', strength: 0.3 },
  { framework: 'PCI_DSS', pattern: String.raw`card ?holder data|CHD`, source: 'implied', strength: 0.45 },
  { framework: 'PCI_DSS', pattern: String.raw`(?:credit|debit|payment) card (?:data|numbers?|details|payments?|transactions?)|card payments?|payment cards?|card numbers?`, source: 'implied', strength: 0.35 },
  { framework: 'GDPR', pattern: String.raw`EU[\s-](?:data[\s-])?residency|data residency in the EU`, source: 'implied', strength: 0.4 },
  {
    framework: 'GDPR',
    pattern: String.raw`(?:data|it|everything) (?:must|should|has to|needs to|will|shall|may not|must not) (?:stay|remain|reside|be stored|be kept|be hosted|live|leave)\s+(?:in(?:side)?|within|outside|the)?\s*(?:the\s+)?(?:EU|European Union|EEA|Europe)`,
    source: 'implied',
    strength: 0.4,
    ignoresNegation: true,
  },
  { framework: 'GDPR', pattern: String.raw`(?:EU|European|EEA) (?:citizens|residents|customers|users|data subjects|personal data)`, source: 'implied', strength: 0.3 },
  { framework: 'GDPR', pattern: String.raw`right to (?:be forgotten|erasure)|data subjects?`, source: 'implied', strength: 0.3 },
  { framework: 'CCPA', pattern: String.raw`California (?:residents|consumers|customers|users)|Californians`, source: 'implied', strength: 0.35 },
  { framework: 'SOX', pattern: String.raw`financial reporting|financial statements|ICFR`, source: 'implied', strength: 0.3 },
  { framework: 'FEDRAMP', pattern: String.raw`(?:US |U\.S\. )?federal (?:agency|agencies|government|customers)|GovCloud`, source: 'implied', strength: 0.35 },
  { framework: 'SOC2', pattern: String.raw`trust services criteria`, source: 'implied', strength: 0.3 },
];
