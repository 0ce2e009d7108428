import { complianceFrameworks, type ComplianceFramework, type ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { findClause } from '../../../tools/text-matching/find-clause.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';
import { createMatchSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { complianceSignals } from './compliance-signals.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';

const compiledSignals = complianceSignals.map((signal) => ({ signal, pattern: createWordPattern(signal.pattern, { caseSensitive: signal.caseSensitive }) }));
/** Words that make a named framework an obligation rather than a passing mention. */
const obligationWord = createWordPattern(String.raw`complian(?:t|ce)|obligations?|audits?|audited|certified|certification|regulat(?:ed|ions?)|requirements?|must|konform|Anforderungen`);

interface Mention {
  span: TextSpan;
  source: 'stated' | 'implied';
  strength: number;
}

/**
 * Reads the compliance frameworks a request names (PCI DSS, HIPAA, GDPR, SOC 2, FedRAMP, ISO 27001, CCPA, SOX)
 * or implies through the data it handles (PHI, cardholder data, EU residency, California residents…).
 */
export function extractCompliance(text: string): FieldExtraction<ComplianceFramework[]> {
  const mentions = new Map<ComplianceFramework, Mention[]>();
  const negated: string[] = [];
  for (const { signal, pattern } of compiledSignals) {
    for (const match of matchWords(pattern, text)) {
      const span = createMatchSpan(text, match);
      if (signal.ignoresNegation !== true && isNegated(text, span.start)) {
        negated.push(span.text);
        continue;
      }
      const list = mentions.get(signal.framework) ?? [];
      // One place in the text is one mention: "PCI DSS" also matches the bare "PCI" signal.
      if (list.some((mention) => mention.span.start < span.end && span.start < mention.span.end)) continue;
      const clause = findClause(text, span.start, 60);
      const obligation = signal.source === 'stated' && !matchWords(obligationWord, text.slice(clause.start, clause.end)).next().done;
      list.push({ span, source: signal.source, strength: signal.strength + (obligation ? 0.1 : 0) });
      mentions.set(signal.framework, list);
      // Three mentions are as convincing as thirty; stop scanning long inputs early.
      if (list.length >= 3) break;
    }
  }
  const evidence: Record<string, ConstraintEvidence> = {};
  const found = complianceFrameworks.filter((framework) => (mentions.get(framework)?.length ?? 0) > 0);
  for (const framework of found) {
    const list = mentions.get(framework) ?? [];
    const stated = list.filter((mention) => mention.source === 'stated');
    const primary = [...(stated.length > 0 ? stated : list)].sort((left, right) => right.strength - left.strength)[0];
    if (primary === undefined) continue;
    const source = stated.length > 0 ? 'stated' : 'implied';
    // Every further mention, stated or implied, corroborates the first.
    const corroboration = list.filter((mention) => mention !== primary).map((mention) => mention.strength * 0.5);
    evidence[`compliance.${framework}`] = {
      span: primary.span,
      confidence: computeConfidence(source, [primary.strength, ...corroboration]),
      source,
      ...(source === 'implied' ? { note: `implied by "${primary.span.text}"` } : {}),
    };
  }
  const items = found.map((framework) => ({ framework, evidence: evidence[`compliance.${framework}`] }));
  const weakest = items.reduce<(typeof items)[number] | undefined>((lowest, item) => (lowest === undefined || (item.evidence?.confidence ?? 1) < (lowest.evidence?.confidence ?? 1) ? item : lowest), undefined);
  if (weakest?.evidence !== undefined) {
    // The list is only as certain as its least certain member.
    evidence.compliance = {
      span: weakest.evidence.span,
      confidence: weakest.evidence.confidence,
      source: items.every((item) => item.evidence?.source === 'stated') ? 'stated' : 'implied',
      note: items.map((item) => `${item.framework} (${item.evidence?.source ?? 'unknown'}, ${item.evidence?.confidence ?? 0})`).join(', '),
    };
  }
  const ambiguities: Ambiguity[] = negated.length > 0 ? [{ field: 'compliance', message: `Read as not required: ${[...new Set(negated)].map((term) => `"${term}"`).join(', ')}. Confirm no other framework applies.` }] : [];
  return { value: found, evidence, ambiguities };
}
