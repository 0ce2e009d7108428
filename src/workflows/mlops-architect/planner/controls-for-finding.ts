import type { CriticFinding } from '../../../contracts/mlops-architect.js';
import { complianceControls, type ComplianceControl } from '../knowledge-base/compliance-controls.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';

function isComplianceControl(value: string): value is ComplianceControl {
  return (complianceControls as readonly string[]).includes(value);
}

/** The controls a policy finding code stands for: the finding's own control when it names one, else every control with that code. */
export function controlsForFinding(code: string, finding: CriticFinding | null): ComplianceControl[] {
  const stated = finding?.control;
  if (stated !== undefined && isComplianceControl(stated) && knowledgeBase.checklist.controls[stated].findingCode === code) return [stated];
  return complianceControls.filter((control) => knowledgeBase.checklist.controls[control].findingCode === code);
}
