import type { NodeFunction } from '../../../engine/workflow-definition.js';
import { findReviewRequest } from '../constraints/find-review-request.js';
import { decideFinalGate } from '../gates/decide-final-gate.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { emitAgentCard } from './emit-agent-card.js';

/**
 * Decides the final gate: a person must approve when confidence is below 0.75, a compliance finding
 * is open, or a review was asked for (by the `review` option or in the request's words); otherwise
 * the design is recorded as auto-approved.
 */
export const finalReviewNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  const { constraints, plan } = state;
  if (!constraints || !plan) throw new Error('final review ran before the planner');
  const askedInText = findReviewRequest(state.request);
  const decision = decideFinalGate({ constraints, plan, findings: state.findings, reviewRequested: state.review || askedInText !== null });
  const reasonCards = await emitAgentCard(context, {
    agent: 'final-gate',
    inputs: { ...decision.parts, openFindings: state.findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.code), reviewOption: state.review, reviewAskedInText: askedInText },
    reasoning: `Confidence ${decision.confidence.toFixed(2)} = 0.4 × extraction ${decision.parts.extraction.toFixed(2)} + 0.4 × plan fit ${decision.parts.plan.toFixed(2)} + 0.2 × open findings ${decision.parts.findings.toFixed(2)}. ${decision.reasons.join(' ') || 'No reason to stop for a person.'}`,
    decision: decision.approvalRequired ? 'A person must approve the design before code generation' : 'Auto-approved',
    alternatives: decision.approvalRequired ? [] : [{ option: 'ask a person anyway', reason: 'confidence is high, no compliance finding is open and no review was asked for' }],
    confidence: decision.confidence,
  });
  return {
    confidence: decision.confidence,
    finalGate: { approvalRequired: decision.approvalRequired, reasons: decision.reasons, decision: 'auto-approved', decidedBy: null, auto: !decision.approvalRequired },
    reasonCards,
  };
};
