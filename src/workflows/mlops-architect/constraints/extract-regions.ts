import type { CloudProvider, ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { findClause } from '../../../tools/text-matching/find-clause.js';
import { createMatchSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { computeConfidence } from './compute-confidence.js';
import type { Ambiguity, FieldExtraction } from './field-extraction.js';
import { findRegionCodes } from './find-region-codes.js';
import { geographies } from './region-catalog.js';

const compiledGeographies = geographies.map((geography) => ({ geography, pattern: createWordPattern(geography.pattern, { caseSensitive: geography.caseSensitive }) }));
/** Words that turn a place into a residency requirement rather than where users sit. */
const residencyWord = createWordPattern(String.raw`residency|resident|stay|remain|reside|stored|hosted|host|sovereignty|must not leave|in-region|data centers?|Rechenzentr\p{L}*`);

/**
 * Reads the deployment regions: region codes written in the request (stated), or the nearest region of the chosen
 * cloud to a place it names ("Germany", "data must stay in the EU" → eu-central-1 on AWS, implied).
 */
export function extractRegions(text: string, cloud: CloudProvider): FieldExtraction<string[]> {
  const evidence: Record<string, ConstraintEvidence> = {};
  const ambiguities: Ambiguity[] = [];
  const codes = findRegionCodes(text);
  if (codes.length > 0) {
    for (const region of codes) {
      evidence[`regions.${region.code}`] = { span: region.span, confidence: computeConfidence('stated', [0.7]), source: 'stated' };
    }
    const foreign = codes.filter((region) => region.cloud !== cloud);
    if (foreign.length > 0) {
      ambiguities.push({
        field: 'regions',
        message: `${foreign.map((region) => `${region.code} is a ${region.cloud.toUpperCase()} region`).join('; ')}, but the cloud is ${cloud.toUpperCase()}. Which is right?`,
      });
    }
    const value = codes.map((region) => region.code);
    evidence.regions = { span: codes[0]?.span ?? null, confidence: computeConfidence('stated', [0.7], foreign.length > 0 ? [0.3] : []), source: 'stated', note: value.join(', ') };
    return { value, evidence, ambiguities };
  }

  // Places, most specific first (Germany before EU), each region once.
  const implied = new Map<string, { span: TextSpan; residency: boolean; label: string }>();
  for (const { geography, pattern } of compiledGeographies) {
    const match = matchWords(pattern, text).next().value;
    if (match === undefined) continue;
    const region = geography.regions[cloud];
    const clause = findClause(text, match.index, 60);
    const residency = !matchWords(residencyWord, text.slice(clause.start, clause.end)).next().done;
    const existing = implied.get(region);
    if (existing === undefined || (residency && !existing.residency)) implied.set(region, { span: createMatchSpan(text, match), residency, label: geography.label });
  }
  for (const [region, place] of implied) {
    evidence[`regions.${region}`] = {
      span: place.span,
      // A residency requirement names where data must live; a place users sit in only suggests it.
      confidence: computeConfidence('implied', [place.residency ? 0.4 : 0.15]),
      source: 'implied',
      note: `nearest ${cloud.toUpperCase()} region to ${place.label}${place.residency ? ' (residency requirement)' : ''}`,
    };
  }
  const value = [...implied.keys()];
  const first = value[0] === undefined ? undefined : evidence[`regions.${value[0]}`];
  if (first !== undefined) evidence.regions = { ...first, note: value.join(', ') };
  return { value, evidence, ambiguities };
}
