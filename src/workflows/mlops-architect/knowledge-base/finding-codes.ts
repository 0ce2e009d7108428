/**
 * Stable codes of the feasibility and cost critics' findings. Policy codes come from
 * `compliance-checklist.json` (one per control). The planner keys its revisions on these codes, so
 * a code never changes meaning once released.
 */
export const feasibilityFindingCodes = [
  'cold_start_latency',
  'throughput_exceeds_limits',
  'gpu_unavailable_on_pattern',
  'latency_unachievable',
  'requirements_incomplete',
] as const;

export const costFindingCodes = [
  'budget_infeasible',
  'budget_exceeded',
  'budget_at_risk',
  'savings_scale_to_zero',
  'savings_spot_training',
  'savings_reserved_capacity',
] as const;

export type FeasibilityFindingCode = (typeof feasibilityFindingCodes)[number];
export type CostFindingCode = (typeof costFindingCodes)[number];
