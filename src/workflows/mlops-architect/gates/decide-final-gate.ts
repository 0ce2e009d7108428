import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import { measureExtractionConfidence, roundConfidence } from '../confidence/measure-extraction-confidence.js';

/** Below this overall confidence a person must approve the design (issue 3). */
export const approvalConfidenceThreshold = 0.75;

/** Whether the final gate needs a person, why, and the confidence it is based on. */
export interface FinalGateDecision {
  approvalRequired: boolean;
  reasons: string[];
  confidence: number;
  /** The parts of the confidence, for the reason card. */
  parts: { extraction: number; plan: number; findings: number };
}

/**
 * Decides the final gate: a person must approve when the overall confidence is below 0.75, when a
 * policy (compliance) finding is still open, or when the request asked for a review; otherwise the
 * design is recorded as auto-approved. The confidence combines how sure the extraction is about the
 * key constraints (a key field never stated counts as a guess), how well the chosen pattern fits
 * (the planner's score) and what the critics still object to.
 */
export function decideFinalGate(input: { constraints: Constraints; plan: ArchitecturePlan; findings: readonly CriticFinding[]; reviewRequested: boolean }): FinalGateDecision {
  const { constraints, plan, findings } = input;
  const extraction = measureExtractionConfidence(constraints);
  const blocking = findings.filter((finding) => finding.severity === 'blocking').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  const findingsFactor = Math.max(0, 1 - 0.3 * blocking - 0.1 * warnings);
  const confidence = roundConfidence(0.4 * extraction + 0.4 * plan.score + 0.2 * findingsFactor);
  const reasons: string[] = [];
  if (confidence < approvalConfidenceThreshold) reasons.push(`Overall confidence ${confidence.toFixed(2)} is below ${approvalConfidenceThreshold}.`);
  const openPolicy = findings.filter((finding) => finding.critic === 'policy' && finding.severity !== 'info');
  if (openPolicy.length > 0) reasons.push(`Open compliance findings: ${openPolicy.map((finding) => finding.code).join(', ')}.`);
  if (input.reviewRequested) reasons.push('The request asked for a review before code generation.');
  return { approvalRequired: reasons.length > 0, reasons, confidence, parts: { extraction, plan: roundConfidence(plan.score), findings: roundConfidence(findingsFactor) } };
}

