import type { Constraints } from '../../../contracts/mlops-architect.js';

/** The constraints whose certainty matters most for the design. */
export const keyConstraintFields = ['workloads', 'latencyMs', 'throughputRps', 'compliance', 'budgetMonthlyUsd', 'cloud'] as const;

/** What a key field never stated counts for: a guess, not nothing (the planner still has defaults). */
const unstatedFieldConfidence = 0.2;

/**
 * How sure the extraction is about the key constraints: the mean of their evidence confidences,
 * where a field with no evidence counts as a guess. Rounded to two decimals for stable cards.
 */
export function measureExtractionConfidence(constraints: Constraints): number {
  const sum = keyConstraintFields.reduce((total, field) => total + (constraints.evidence[field]?.confidence ?? unstatedFieldConfidence), 0);
  return roundConfidence(sum / keyConstraintFields.length);
}

/** Two decimals: reason cards and tests show stable figures. */
export function roundConfidence(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
