import type { Constraints } from '../../../contracts/mlops-architect.js';

/**
 * The constraints as a prompt shows them: the values only, as JSON. Evidence spans and confidences
 * stay out; they would double the prompt and invite the model to argue with the numbers.
 */
export function formatConstraintsForPrompt(constraints: Constraints): string {
  const { evidence: _evidence, ambiguities: _ambiguities, ...values } = constraints;
  return JSON.stringify(values, null, 2);
}
