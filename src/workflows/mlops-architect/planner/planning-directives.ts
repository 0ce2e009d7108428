import type { ComplianceControl } from '../knowledge-base/compliance-controls.js';
import type { Jurisdiction } from '../knowledge-base/compliance-checklist.js';

/**
 * What critic findings ask the planner to do differently. Every entry carries the sentence that
 * explains it, which ends up in the revised plan's component reasons.
 */
export interface PlanningDirectives {
  /** Component id → why it must not be used. A pattern built on one is excluded with it. */
  excludedComponents: ReadonlyMap<string, string>;
  /** Pattern id → why it must not be chosen. */
  excludedPatterns: ReadonlyMap<string, string>;
  /** Control → why the plan must provide it even if no stated framework asks for it. */
  requiredControls: ReadonlyMap<ComplianceControl, string>;
  /** Where data must stay, and why. */
  jurisdiction: { value: Jurisdiction; reason: string } | null;
  /** Why the plan must be as cheap as the constraints allow, or null to size normally. */
  saving: string | null;
}

/** Directives for a first plan: nothing to avoid or add. */
export const noDirectives: PlanningDirectives = {
  excludedComponents: new Map(),
  excludedPatterns: new Map(),
  requiredControls: new Map(),
  jurisdiction: null,
  saving: null,
};
