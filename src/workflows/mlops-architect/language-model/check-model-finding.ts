import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';
import { findCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import type { KnownFindingCode } from './find-known-finding-codes.js';
import type { ModelFinding } from './model-findings-schema.js';

export type CheckedFinding = { kept: true; finding: CriticFinding; corrections: string[] } | { kept: false; correction: string };

export interface ModelFindingContext {
  critic: CriticFinding['critic'];
  knownCodes: readonly KnownFindingCode[];
  constraints: Constraints;
  plan: ArchitecturePlan;
}

/**
 * Checks one finding a model added for a critic: its code must be one that critic raises, its
 * components must be in the plan (policy findings may also name the catalogue component that would
 * provide the missing control, as the built-in policy critic does), and a policy finding must be
 * about a framework the constraints require. A model-added finding is at most a `warning`: a
 * blocking finding makes the planner revise, and only the deterministic critics may force that.
 */
export function checkModelFinding(proposed: ModelFinding, context: ModelFindingContext): CheckedFinding {
  const { critic, knownCodes, constraints, plan } = context;
  const known = knownCodes.find((candidate) => candidate.code === proposed.code);
  if (known === undefined) return { kept: false, correction: `model raised ${JSON.stringify(proposed.code)}, which is not a ${critic} finding code; dropped` };

  const planIds = new Set(plan.components.map((component) => component.id));
  const unknownIds = proposed.componentIds.filter((id) => !planIds.has(id) && !(critic === 'policy' && findCatalogueComponent(id) !== undefined));
  if (unknownIds.length > 0) return { kept: false, correction: `model raised ${proposed.code} about ${unknownIds.join(', ')}, which the plan does not contain; dropped` };

  let policyFields: Pick<CriticFinding, 'framework' | 'control'> = {};
  if (critic === 'policy') {
    if (proposed.framework === null || !constraints.compliance.includes(proposed.framework)) {
      return { kept: false, correction: `model raised ${proposed.code} for ${proposed.framework ?? 'no framework'}, which the constraints do not require; dropped` };
    }
    // The code determines the control; the model's own control name is not trusted.
    policyFields = { framework: proposed.framework, ...(known.control === null ? {} : { control: known.control.id }) };
  }

  const corrections: string[] = [];
  let severity = proposed.severity;
  if (severity === 'blocking') {
    severity = 'warning';
    corrections.push(`model marked ${proposed.code} as blocking; lowered to warning (a model-added finding cannot block the plan alone)`);
  }
  return {
    kept: true,
    finding: { code: proposed.code, critic, severity, message: proposed.message, fix: proposed.fix, componentIds: [...new Set(proposed.componentIds)], ...policyFields },
    corrections,
  };
}
