/** Reason categories an approval can carry; they choose the default time a person has to decide. */
export const approvalReasonCategories = ['security', 'compliance', 'cost', 'optimization', 'quality', 'input', 'other'] as const;

export type ApprovalReasonCategory = (typeof approvalReasonCategories)[number];

const minute = 60;

/**
 * Default seconds before an undecided approval resolves with its timeout outcome: security and
 * compliance 1 h, cost 30 min, optimization 3 min, anything else 5 min (DESIGN.md, "Governance").
 */
export function defaultApprovalTimeoutSeconds(category: ApprovalReasonCategory): number {
  switch (category) {
    case 'security':
    case 'compliance':
      return 60 * minute;
    case 'cost':
      return 30 * minute;
    case 'optimization':
      return 3 * minute;
    case 'quality':
    case 'input':
    case 'other':
      return 5 * minute;
    default: {
      const unreachable: never = category;
      throw new Error(`unknown approval category ${String(unreachable)}`);
    }
  }
}
