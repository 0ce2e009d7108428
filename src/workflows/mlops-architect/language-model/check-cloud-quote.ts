import { cloudProviders, type CloudProvider } from '../../../contracts/mlops-architect.js';
import { createWordPattern } from '../../../tools/text-matching/create-word-pattern.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';
import { cloudSignals } from '../constraints/cloud-signals.js';
import { findRegionCodes } from '../constraints/find-region-codes.js';
import { checkQuoteLocated, showQuote, type QuoteCheck } from './quote-check.js';

/** The vendors' own names point at their clouds too ("Google's cloud", "Amazon's GPUs"), though less than the product name. */
const vendorNames: Readonly<Record<CloudProvider, string>> = { aws: 'Amazon', gcp: 'Google', azure: 'Microsoft' };

const compiledSignals = [
  ...cloudSignals.map((signal) => ({ cloud: signal.cloud, weight: signal.weight, pattern: createWordPattern(signal.pattern, { caseSensitive: signal.caseSensitive }) })),
  ...cloudProviders.map((cloud) => ({ cloud, weight: 0.5, pattern: createWordPattern(vendorNames[cloud]) })),
];

/**
 * Whether the request supports the cloud the model named: its quote must occur in the request and
 * name that cloud, one of its services or one of its region codes, not negated ("not on Azure").
 * The provider's own name states it; a service or region implies it, as in the built-in extractor.
 */
export function checkCloudQuote(request: string, cloud: CloudProvider, quote: string): QuoteCheck {
  const located = checkQuoteLocated(request, quote);
  if (!located.supported) return located;
  const { span } = located;
  let strongest = 0;
  for (const signal of compiledSignals) {
    if (signal.cloud !== cloud) continue;
    for (const match of span.text.matchAll(signal.pattern)) {
      if (!isNegated(request, span.start + match.index)) strongest = Math.max(strongest, signal.weight);
    }
  }
  if (findRegionCodes(span.text).some((region) => region.cloud === cloud)) strongest = Math.max(strongest, 0.8);
  if (strongest === 0) return { supported: false, reason: `its quote ${showQuote(quote)} names no ${cloud.toUpperCase()} service or region` };
  return { supported: true, span, source: strongest >= 1 ? 'stated' : 'implied' };
}
