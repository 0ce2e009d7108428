import type { CloudProvider } from '../../../contracts/mlops-architect.js';
import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { createMatchSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';
import { awsRegionSource, azureRegionSource, gcpRegionSource } from './region-catalog.js';

const patterns: readonly { cloud: CloudProvider; pattern: RegExp }[] = [
  { cloud: 'aws', pattern: createWordPattern(awsRegionSource) },
  { cloud: 'gcp', pattern: createWordPattern(gcpRegionSource) },
  { cloud: 'azure', pattern: createWordPattern(azureRegionSource) },
];

/** A region code written in the request, and the cloud whose naming it follows. */
export interface RegionCode {
  code: string;
  cloud: CloudProvider;
  span: TextSpan;
}

/** Finds cloud region codes (us-east-1, europe-west4, westeurope), each once, in order of appearance. */
export function findRegionCodes(text: string): RegionCode[] {
  const found = new Map<string, RegionCode>();
  for (const { cloud, pattern } of patterns) {
    for (const match of matchWords(pattern, text)) {
      const code = match[0].toLowerCase();
      if (!found.has(code)) found.set(code, { code, cloud, span: createMatchSpan(text, match) });
      // Nobody deploys to more than a handful of regions; the cap bounds work on long inputs.
      if (found.size >= 20) break;
    }
  }
  return [...found.values()].sort((left, right) => left.span.start - right.span.start);
}
