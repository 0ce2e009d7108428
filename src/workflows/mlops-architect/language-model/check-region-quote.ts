import type { CloudProvider } from '../../../contracts/mlops-architect.js';
import { findRegionCodes } from '../constraints/find-region-codes.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { checkQuoteLocated, showQuote, type QuoteCheck } from './quote-check.js';

/**
 * Whether the request supports a region the model named: it must be a region of the chosen cloud
 * that the knowledge base knows (so the planner can place and price it), its quote must occur in the
 * request, and a quote that writes a region code must write this one. A place ("Germany") implies
 * the region; a code states it.
 */
export function checkRegionQuote(request: string, cloud: CloudProvider, region: string, quote: string): QuoteCheck {
  if (!knowledgeBase.regions[cloud].regions.some((known) => known.code === region)) {
    return { supported: false, reason: `${region} is not a ${cloud.toUpperCase()} region the knowledge base knows` };
  }
  const located = checkQuoteLocated(request, quote);
  if (!located.supported) return located;
  const written = findRegionCodes(located.span.text);
  if (written.length > 0 && !written.some((code) => code.code === region)) {
    return { supported: false, reason: `its quote ${showQuote(quote)} names ${written.map((code) => code.code).join(', ')}` };
  }
  return { ...located, source: written.length > 0 ? 'stated' : 'implied' };
}
