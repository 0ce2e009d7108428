import type { CriticFinding } from '../../../contracts/mlops-architect.js';
import type { ComplianceControl } from '../knowledge-base/compliance-controls.js';
import { costFindingCodes, feasibilityFindingCodes } from '../knowledge-base/finding-codes.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';

/** A finding code a critic may raise; policy codes name the control they are about. */
export interface KnownFindingCode {
  code: string;
  /** For policy codes: the control whose absence the code reports, and what that control means. */
  control: { id: ComplianceControl; description: string } | null;
}

/**
 * The stable codes one critic may raise: the feasibility and cost lists in finding-codes.ts, and one
 * policy code per control of the compliance checklist. The planner revises by these codes, so a code
 * outside them would be a finding nothing can act on.
 */
export function findKnownFindingCodes(critic: CriticFinding['critic']): KnownFindingCode[] {
  switch (critic) {
    case 'feasibility':
      return feasibilityFindingCodes.map((code) => ({ code, control: null }));
    case 'cost':
      return costFindingCodes.map((code) => ({ code, control: null }));
    case 'policy':
      return (Object.entries(knowledgeBase.checklist.controls) as [ComplianceControl, (typeof knowledgeBase.checklist.controls)[ComplianceControl]][]).map(([id, definition]) => ({
        code: definition.findingCode,
        control: { id, description: definition.description },
      }));
    default: {
      const unknown: never = critic;
      throw new Error(`Unknown critic: ${String(unknown)}`);
    }
  }
}
