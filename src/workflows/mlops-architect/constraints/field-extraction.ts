import type { ConstraintEvidence, Constraints } from '../../../contracts/mlops-architect.js';

/** Something a careful architect would ask about, e.g. "real-time" without a number. */
export type Ambiguity = Constraints['ambiguities'][number];

/**
 * What one extractor read: the value, its evidence keyed by field name (and, for lists, one key per item
 * such as `compliance.HIPAA`, so each item keeps its own span and confidence), and what stayed unclear.
 */
export interface FieldExtraction<Value> {
  value: Value;
  evidence: Record<string, ConstraintEvidence>;
  ambiguities: Ambiguity[];
}
