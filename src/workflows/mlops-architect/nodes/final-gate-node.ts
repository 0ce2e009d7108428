import type { NodeFunction } from '../../../engine/workflow-definition.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { describeConstraints } from '../constraints/describe-constraints.js';

/**
 * The final gate's approval, reached only when the final review requires one. An open compliance
 * finding makes it a compliance approval that rejects at its deadline (a design that may violate a
 * framework is never generated unreviewed); otherwise it approves at its deadline.
 */
export const finalGateNode: NodeFunction<MlopsArchitectStateValues> = (state, context) => {
  const { constraints, plan, finalGate } = state;
  if (!constraints || !plan || !finalGate) throw new Error('final gate ran before the final review');
  const compliance = state.findings.some((finding) => finding.critic === 'policy' && finding.severity !== 'info');
  const outcome = context.requestApproval({
    gate: 'final-design',
    reason: finalGate.reasons.join(' '),
    reasonCategory: compliance ? 'compliance' : 'quality',
    payload: {
      summary: `${plan.patternName} on ${plan.cloud.toUpperCase()} ${plan.region}, ${plan.components.length} components, about $${Math.round(plan.estimatedMonthlyCostUsd)}/month`,
      constraints: describeConstraints(constraints),
      pattern: plan.pattern,
      components: plan.components.map((component) => component.id),
      estimatedMonthlyCostUsd: plan.estimatedMonthlyCostUsd,
      confidence: state.confidence,
      findings: state.findings.map((finding) => ({ code: finding.code, severity: finding.severity, message: finding.message, fix: finding.fix })),
    },
    ...(state.finalGateTimeoutSeconds !== undefined ? { timeoutSeconds: state.finalGateTimeoutSeconds } : {}),
    timeoutOutcome: { decision: compliance ? 'reject' : 'approve' },
  });
  const approved = outcome.decision !== 'reject';
  return {
    outcome: approved ? 'designed' : 'rejected',
    finalGate: { ...finalGate, decision: approved ? 'approved' : 'rejected', decidedBy: outcome.decidedBy, auto: outcome.auto },
  };
};
