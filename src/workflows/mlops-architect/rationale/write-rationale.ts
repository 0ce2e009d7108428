import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import type { RepositoryReasonCard } from '../codegen/repository-input.js';
import type { ReviewedPlan } from '../mlops-architect-state.js';
import { describeConstraints } from '../constraints/describe-constraints.js';

/** What the rationale explains. */
export interface RationaleInput {
  constraints: Constraints;
  plan: ArchitecturePlan;
  findings: readonly CriticFinding[];
  reviewedPlans: readonly ReviewedPlan[];
  reasonCards: readonly RepositoryReasonCard[];
  confidence: number;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/**
 * The built-in rationale (docs/RATIONALE.md): why this design, what it beat, how the critics
 * changed it, what is still open and how sure each agent was. Deterministic: the same design gives
 * the same text.
 */
export function writeRationale(input: RationaleInput): string {
  const { constraints, plan, findings } = input;
  const lines = [
    '# Design rationale',
    '',
    `**Requirements as understood:** ${describeConstraints(constraints)}.`,
    '',
    `**Decision:** ${plan.patternName} on ${plan.cloud.toUpperCase()} (${plan.region}) with ${plan.components.length} components, about ${money.format(plan.estimatedMonthlyCostUsd)} a month at list prices. Overall confidence ${input.confidence.toFixed(2)}.`,
    '',
    '## Why this pattern',
    '',
    `It scored ${plan.score.toFixed(2)} against the constraints, the best of ${plan.alternatives.length + 1} patterns the knowledge base holds.`,
    '',
    '| alternative | score | why it lost |',
    '| --- | ---: | --- |',
    ...plan.alternatives.map((alternative) => `| ${alternative.pattern} | ${alternative.score.toFixed(2)} | ${alternative.reason.replace(/\|/g, '\\|')} |`),
    '',
    '## How the critics shaped it',
    '',
    ...input.reviewedPlans.map(
      (reviewed) => `- Revision ${reviewed.revision}: ${reviewed.pattern}, ${money.format(reviewed.estimatedMonthlyCostUsd)}/month — ${reviewed.blocking > 0 ? `${reviewed.blocking} blocking finding(s)` : 'no blocking finding'}${reviewed.findingCodes.length > 0 ? ` (${reviewed.findingCodes.join(', ')})` : ''}.`,
    ),
    ...(plan.addressedFindings.length > 0 ? ['', `Resolved by revision: ${plan.addressedFindings.join(', ')}.`] : []),
    '',
    '## Still open',
    '',
    ...(findings.length > 0 ? findings.map((finding) => `- **${finding.code}** (${finding.critic}, ${finding.severity}): ${finding.message} Fix: ${finding.fix}`) : ['Nothing: every critic accepted the design.']),
    '',
    '## Assumptions',
    '',
    ...assumptionsOf(constraints),
    '',
    '## How sure each agent was',
    '',
    '| agent | decision | confidence |',
    '| --- | --- | ---: |',
    ...input.reasonCards.map((card) => `| ${card.agent} | ${card.decision.replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 160)} | ${card.confidence.toFixed(2)} |`),
    '',
  ];
  return lines.join('\n');
}

function assumptionsOf(constraints: Constraints): string[] {
  const assumed = Object.entries(constraints.evidence).filter(([, evidence]) => evidence.source === 'default' || evidence.source === 'implied');
  if (assumed.length === 0) return ['None: every constraint was stated or answered.'];
  return assumed.map(([field, evidence]) => `- \`${field}\` is ${evidence.source === 'default' ? 'a default' : 'implied'} (confidence ${evidence.confidence.toFixed(2)})${evidence.note ? `: ${evidence.note}` : '.'}`);
}
