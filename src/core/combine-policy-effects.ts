/** What a matching policy asks for, weakest first: the order is the combination rule. */
export const policyEffects = ['allow', 'require_approval', 'deny'] as const;

/** A policy's effect (DESIGN.md, "Governance"). */
export type PolicyEffect = (typeof policyEffects)[number];

const strength: Readonly<Record<PolicyEffect, number>> = { allow: 0, require_approval: 1, deny: 2 };

/**
 * The stronger of two effects: deny beats require_approval beats allow. The policy set folds its
 * matches through this one at a time, so that a decision needs no array of effects.
 */
export function strongerPolicyEffect(left: PolicyEffect, right: PolicyEffect): PolicyEffect {
  return strength[right] > strength[left] ? right : left;
}

/**
 * The effect of a set of matching policies: deny beats require_approval beats allow, and no match
 * at all allows (policies restrict; an allow policy never overrides a deny).
 */
export function combinePolicyEffects(effects: Iterable<PolicyEffect>): PolicyEffect {
  let combined: PolicyEffect = 'allow';
  for (const effect of effects) {
    combined = strongerPolicyEffect(combined, effect);
  }
  return combined;
}
