import type { ArchitecturePlan, Constraints } from '../../../contracts/mlops-architect.js';
import { createWordPattern } from '../../../tools/text-matching/create-word-pattern.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';
import { complianceSignals } from '../constraints/compliance-signals.js';
import { findArchitecturePattern } from '../knowledge-base/find-architecture-pattern.js';
import { findCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';

// Only names: a rationale may well say "cardholder data" about a PCI DSS design without naming another framework.
const frameworkNames = complianceSignals
  .filter((signal) => signal.source === 'stated')
  .map((signal) => ({ framework: signal.framework, pattern: createWordPattern(signal.pattern, { caseSensitive: signal.caseSensitive }) }));
/** "HIPAA does not apply", "SOX is not in scope": a name followed by its own negation (isNegated only looks before). */
const negationAfter = /^[\s)]{0,3}(?:(?:is|are)(?:\s+not|n['’]t)\s+(?:required|needed|relevant|in scope|applicable)|(?:does|do)(?:\s+not|n['’]t)\s+apply)/iu;
/** Identifiers as a rationale writes them: in backticks, or snake_case words such as lambda_inference. */
const identifierPattern = /`([a-z][a-z0-9_]{1,63})`|(?<![\p{L}\p{N}_])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\p{L}\p{N}_])/gu;

/**
 * Why a model's rationale cannot stand in for the built-in one, or null when it can: it is empty, it
 * names a compliance framework the constraints do not include (not negated: "HIPAA does not apply"
 * is fine), or it names a catalogue component that is not in the plan (components of an alternative
 * pattern may be named when the rationale names that alternative too). A rationale that argues for another design misleads whoever reads it.
 */
export function checkRationale(markdown: string, constraints: Constraints, plan: ArchitecturePlan): string | null {
  if (markdown.trim() === '') return 'is empty';

  const foreign = new Set<string>();
  for (const { framework, pattern } of frameworkNames) {
    if (constraints.compliance.includes(framework)) continue;
    for (const match of markdown.matchAll(pattern)) {
      const after = markdown.slice(match.index + match[0].length, match.index + match[0].length + 40);
      if (!isNegated(markdown, match.index) && !negationAfter.test(after)) foreign.add(framework);
    }
  }
  if (foreign.size > 0) return `names ${[...foreign].join(', ')}, which the constraints do not include`;

  const allowed = new Set([plan.pattern, ...plan.components.map((component) => component.id)]);
  for (const alternative of plan.alternatives) {
    allowed.add(alternative.pattern);
    // An alternative's components may be named where the rationale discusses that alternative.
    const pattern = findArchitecturePattern(alternative.pattern);
    if (pattern !== undefined && (markdown.includes(pattern.id) || markdown.includes(pattern.name))) for (const id of pattern.baseComponents) allowed.add(id);
  }
  const strangers = new Set<string>();
  for (const match of markdown.matchAll(identifierPattern)) {
    const id = match[1] ?? match[2] ?? '';
    const known = findCatalogueComponent(id) !== undefined || findArchitecturePattern(id) !== undefined;
    if (known && !allowed.has(id)) strangers.add(id);
  }
  if (strangers.size > 0) return `names ${[...strangers].join(', ')}, which the plan does not contain`;
  return null;
}
