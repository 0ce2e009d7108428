import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import type { Ambiguity } from '../constraints/field-extraction.js';

/** One constraint field after the model's reading was checked against the built-in one. */
export interface FieldReconciliation<Value> {
  value: Value;
  /** The field's evidence entries (its own key and its items' `field.item` keys), replacing the built-in's. */
  evidence: Record<string, ConstraintEvidence>;
  corrections: string[];
  /** Where the model and the built-in reader disagree and both are supported by the request. */
  ambiguities: Ambiguity[];
  /** The model filled what the built-in reader left empty or at its default, answering the built-in's questions about it. */
  resolvedByModel: boolean;
}
