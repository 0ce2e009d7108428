import type { ComplianceFramework, ConstraintEvidence, Constraints } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';
import { createMatchSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { FieldExtraction } from './field-extraction.js';

type Classification = NonNullable<Constraints['dataClassification']>;

/** Least to most sensitive: the most sensitive data in a system sets the controls for all of it. */
const levels: readonly Classification[] = ['public', 'internal', 'confidential', 'restricted'];

const wordings: readonly { level: Classification; pattern: RegExp }[] = [
  { level: 'restricted', pattern: createWordPattern(String.raw`PHI|ePHI|cardholder data|CHD|top secret|classified|restricted data|biometric data|genetic data`, { caseSensitive: true }) },
  { level: 'restricted', pattern: createWordPattern(String.raw`protected health information|highly sensitive|card numbers?|health records|medical records|patient data`) },
  { level: 'confidential', pattern: createWordPattern(String.raw`PII|personal data|personally identifiable|confidential|sensitive data|customer data|financial data|personenbezogene Daten`) },
  { level: 'internal', pattern: createWordPattern(String.raw`internal|intranet|employees only|company-wide|in-house`) },
  { level: 'public', pattern: createWordPattern(String.raw`public data(?:sets?)?|open data|publicly available|public datasets?`) },
];

/** What each framework is about: HIPAA and PCI DSS govern restricted data, privacy laws personal (confidential) data. */
const levelByFramework: Readonly<Partial<Record<ComplianceFramework, Classification>>> = {
  HIPAA: 'restricted',
  PCI_DSS: 'restricted',
  FEDRAMP: 'restricted',
  GDPR: 'confidential',
  CCPA: 'confidential',
  SOX: 'confidential',
};

/** Reads the sensitivity of the data from how the request describes it and from the compliance frameworks it falls under. */
export function extractDataClassification(
  text: string,
  compliance: { frameworks: readonly ComplianceFramework[]; evidence: Readonly<Record<string, ConstraintEvidence>> },
): FieldExtraction<Classification | null> {
  const candidates: { level: Classification; span: TextSpan | null; source: 'stated' | 'implied'; cue: number; note?: string }[] = [];
  for (const { level, pattern } of wordings) {
    for (const match of matchWords(pattern, text)) {
      if (isNegated(text, match.index)) continue;
      candidates.push({ level, span: createMatchSpan(text, match), source: 'stated', cue: 0.35 });
      break;
    }
  }
  for (const framework of compliance.frameworks) {
    const level = levelByFramework[framework];
    if (level !== undefined) candidates.push({ level, span: compliance.evidence[`compliance.${framework}`]?.span ?? null, source: 'implied', cue: 0.3, note: `${framework} governs ${level} data` });
  }
  // The first candidate of the highest level wins: wordings are listed before frameworks, so a stated level beats an implied one.
  const chosen = candidates.reduce<(typeof candidates)[number] | undefined>(
    (highest, candidate) => (highest === undefined || levels.indexOf(candidate.level) > levels.indexOf(highest.level) ? candidate : highest),
    undefined,
  );
  if (chosen === undefined) return { value: null, evidence: {}, ambiguities: [] };
  const evidence: ConstraintEvidence = {
    span: chosen.span,
    confidence: computeConfidence(chosen.source, [chosen.cue]),
    source: chosen.source,
    ...(chosen.note === undefined ? {} : { note: chosen.note }),
  };
  return { value: chosen.level, evidence: { dataClassification: evidence }, ambiguities: [] };
}
