import { cloudProviders, type CloudProvider, type ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';
import { createMatchSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { cloudSignals } from './cloud-signals.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';
import { findRegionCodes } from './find-region-codes.js';

const compiledSignals = cloudSignals.map((signal) => ({ signal, pattern: createWordPattern(signal.pattern, { caseSensitive: signal.caseSensitive }) }));
/** "Migrating from AWS", "instead of Azure", "off GCP": a cloud being left, not chosen. */
const leavingBefore =
  /(?:^|[^\p{L}])(?:(?:migrat\p{L}*|mov\p{L}*) (?:away )?from|off|leaving|leave|away from|instead of|rather than|except|other than|replac\p{L}*|weg von|statt)\s+(?:[\p{L}-]+\s+)?$/iu;

/** AWS when nothing is named (../shared/examples/README.md): the most common choice, and the default the team supports best. */
export const defaultCloud: CloudProvider = 'aws';

interface CloudMention {
  span: TextSpan;
  weight: number;
}

/**
 * Reads the cloud provider from its name, its services ("Lambda", "BigQuery", "Azure ML") or region codes;
 * AWS with source `default` when none is named, and an ambiguity when two clouds are asked for.
 */
export function extractCloud(text: string): FieldExtraction<CloudProvider> {
  const mentions = new Map<CloudProvider, CloudMention[]>();
  const left: string[] = [];
  const add = (cloud: CloudProvider, mention: CloudMention) => mentions.set(cloud, [...(mentions.get(cloud) ?? []), mention]);
  for (const { signal, pattern } of compiledSignals) {
    let found = 0;
    for (const match of matchWords(pattern, text)) {
      const before = text.slice(Math.max(0, match.index - 30), match.index);
      if (leavingBefore.test(before) || isNegated(text, match.index)) {
        left.push(match[0]);
        continue;
      }
      add(signal.cloud, { span: createMatchSpan(text, match), weight: signal.weight });
      found += 1;
      if (found >= 3) break;
    }
  }
  for (const region of findRegionCodes(text)) add(region.cloud, { span: region.span, weight: 0.8 });

  const totals = cloudProviders
    .map((cloud) => {
      const list = mentions.get(cloud) ?? [];
      // A plain sum: every mention counts, and the provider's own name weighs most.
      const total = list.reduce((sum, mention) => sum + mention.weight, 0);
      const first = list.reduce<CloudMention | undefined>((earliest, mention) => (earliest === undefined || mention.span.start < earliest.span.start ? mention : earliest), undefined);
      return { cloud, list, total, first };
    })
    .filter((entry) => entry.list.length > 0)
    .sort((left, right) => right.total - left.total || (left.first?.span.start ?? 0) - (right.first?.span.start ?? 0));

  const ambiguities: Ambiguity[] = [];
  const winner = totals[0];
  if (winner === undefined || winner.first === undefined) {
    const note = left.length > 0 ? `only clouds being left were named (${left.join(', ')})` : 'no cloud named';
    ambiguities.push({ field: 'cloud', message: 'No cloud provider named; AWS assumed. Which cloud should this run on?' });
    return { value: defaultCloud, evidence: { cloud: { span: null, confidence: computeConfidence('default', [left.length > 0 ? 0.1 : 0]), source: 'default', note } }, ambiguities };
  }
  const penalties: number[] = [];
  const rivals = totals.slice(1);
  if (rivals.length > 0) {
    penalties.push(0.3);
    const named = totals.map((entry) => `${entry.cloud.toUpperCase()} ("${entry.first?.span.text ?? ''}")`).join(' and ');
    ambiguities.push({ field: 'cloud', message: `The request names ${named}; ${winner.cloud.toUpperCase()} chosen (most mentioned). Which cloud hosts the system?` });
  }
  const strongest = [...winner.list].sort((left, right) => right.weight - left.weight)[0] ?? winner.first;
  const evidence: ConstraintEvidence = {
    span: strongest.span,
    confidence: computeConfidence('stated', winner.list.slice(0, 3).map((mention) => mention.weight * 0.6), penalties),
    source: strongest.weight >= 1 ? 'stated' : 'implied',
    ...(strongest.weight < 1 ? { note: `implied by the service or region "${strongest.span.text}"` } : {}),
  };
  return { value: winner.cloud, evidence: { cloud: evidence }, ambiguities };
}
