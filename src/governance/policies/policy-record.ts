import type { PolicyEffect } from '../../core/combine-policy-effects.js';
import type { PolicyPhase } from './policy-input.js';

/** `enforce` policies decide; `shadow` policies are evaluated and recorded only (`shadowEffect`). */
export const policyModes = ['enforce', 'shadow'] as const;

/** One of `policyModes`. */
export type PolicyMode = (typeof policyModes)[number];

/** A policy as stored. */
export interface PolicyRecord {
  id: string;
  name: string;
  phase: PolicyPhase;
  /** CEL source, bool-typed (see `checkPolicyExpression`). */
  expression: string;
  effect: PolicyEffect;
  /** Higher first; orders a decision's `matched` only, never its effect. */
  priority: number;
  mode: PolicyMode;
}
