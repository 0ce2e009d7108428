import { compilePolicyExpression, type PolicyExpressionError } from './compile-policy-expression.js';
import type { PolicyPhase } from './policy-input.js';

export type { PolicyExpressionError } from './compile-policy-expression.js';

/** The answer given when a policy is saved. */
export type PolicyExpressionCheck = { valid: true } | { valid: false; error: PolicyExpressionError };

/**
 * Whether `source` can be saved as a policy of `phase`: it parses, names only the phase's
 * variables and their fields with the right types, is bool-typed, and is 1 to 4,000 characters
 * of something other than white space. Never throws, whatever the string.
 */
export function checkPolicyExpression(phase: PolicyPhase, source: string): PolicyExpressionCheck {
  const compilation = compilePolicyExpression(phase, source);
  return compilation.valid ? { valid: true } : { valid: false, error: compilation.error };
}
