import { complianceFrameworks, type ComplianceFramework } from '../../../contracts/mlops-architect.js';
import { createWordPattern } from '../../../tools/text-matching/create-word-pattern.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';
import { complianceSignals } from '../constraints/compliance-signals.js';
import { frameworkVocabulary } from './framework-vocabulary.js';
import { locateQuote } from './locate-quote.js';
import { showQuote, type QuoteCheck } from './quote-check.js';

interface CompiledWords {
  /** The framework's names as the built-in extractor knows them: a quote with one of these states it. */
  names: RegExp[];
  /** Names plus everything that implies the framework. */
  all: RegExp[];
}

function compileWords(framework: ComplianceFramework): CompiledWords {
  const signals = complianceSignals.filter((signal) => signal.framework === framework);
  const compile = (signal: (typeof signals)[number]) => createWordPattern(signal.pattern, { caseSensitive: signal.caseSensitive });
  const names = signals.filter((signal) => signal.source === 'stated').map(compile);
  return { names, all: [...signals.map(compile), createWordPattern(frameworkVocabulary[framework].words)] };
}

const compiledWords: ReadonlyMap<ComplianceFramework, CompiledWords> = new Map(complianceFrameworks.map((framework) => [framework, compileWords(framework)]));

/** Counts the matches of the patterns within `text.slice(start, end)` that no word before them negates, and collects the negated ones. */
function findMentions(text: string, patterns: readonly RegExp[], start: number, end: number): { affirmed: number; negated: string[] } {
  let affirmed = 0;
  const negated: string[] = [];
  const slice = text.slice(start, end);
  for (const pattern of patterns) {
    for (const match of slice.matchAll(pattern)) {
      if (isNegated(text, start + match.index)) negated.push(match[0]);
      else affirmed += 1;
    }
  }
  return { affirmed, negated };
}

/**
 * Whether the request supports a compliance framework the model named: its quote must occur in the
 * request and contain the framework's name or words that imply it (cardholder data, PHI, EU
 * residency…), not negated ("no HIPAA data"). A quote that names the framework states it; one that
 * only implies it is `implied`, as in the built-in extractor.
 */
export function checkFrameworkQuote(request: string, framework: ComplianceFramework, quote: string): QuoteCheck {
  const words = compiledWords.get(framework) ?? compileWords(framework);
  const { subject } = frameworkVocabulary[framework];
  const span = locateQuote(request, quote);
  if (span !== null) {
    const inQuote = findMentions(request, words.all, span.start, span.end);
    if (inQuote.affirmed > 0) {
      const stated = findMentions(request, words.names, span.start, span.end).affirmed > 0;
      return { supported: true, span, source: stated ? 'stated' : 'implied' };
    }
    if (inQuote.negated.length > 0) return { supported: false, reason: `the request rules it out (${showQuote(span.text)})` };
  }
  const anywhere = findMentions(request, words.all, 0, request.length);
  if (anywhere.affirmed === 0 && anywhere.negated.length > 0) return { supported: false, reason: `the request rules it out (${showQuote(anywhere.negated[0] ?? '')})` };
  if (anywhere.affirmed === 0) return { supported: false, reason: `the request never mentions it or ${subject}` };
  return { supported: false, reason: span === null ? `its quote ${showQuote(quote)} is not in the request` : `its quote ${showQuote(quote)} mentions neither it nor ${subject}` };
}
