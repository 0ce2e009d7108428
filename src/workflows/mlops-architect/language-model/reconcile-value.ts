import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createModelEvidence } from './create-model-evidence.js';
import type { FieldReconciliation } from './field-reconciliation.js';
import type { QuotedValue } from './model-constraints-schema.js';
import { showQuote, type QuoteCheck } from './quote-check.js';

export interface ValueReconciliationInput<Value> {
  field: string;
  /** The model's reading, or null when it read nothing. */
  model: QuotedValue<NonNullable<Value>> | null;
  /** The built-in reading (null when it read nothing) and its evidence. */
  builtin: Value;
  builtinEvidence: ConstraintEvidence | undefined;
  /** Whether the request supports the model's value with that quote. */
  check: (value: NonNullable<Value>, quote: string) => QuoteCheck;
  /** Whether two readings mean the same; numbers pass a tolerance, since readers round differently. */
  isSame?: (left: NonNullable<Value>, right: NonNullable<Value>) => boolean;
  modelName: string;
}

function formatValue(value: unknown): string {
  return value === null || value === undefined ? 'nothing' : String(value);
}

/**
 * Reconciles one single-valued field. The built-in reading stays when the model read nothing (with a
 * correction if the request states it), when the model's quote does not support its value
 * (a correction), or when both agree (the built-in's evidence, its cues being the stronger). A
 * supported model value the built-in lacked is used with model evidence; one that contradicts a
 * supported built-in reading is used too, but raised as an ambiguity so a person settles it.
 */
export function reconcileValue<Value>(input: ValueReconciliationInput<Value>): FieldReconciliation<Value> {
  const { field, model, builtin, builtinEvidence, modelName } = input;
  const builtinRead = builtin !== null && builtin !== undefined && builtinEvidence?.source !== 'default';
  // Only a value written in the request is one the model should have read; implied ones it was not asked to infer.
  const builtinStated = builtinRead && builtinEvidence?.source !== 'implied';
  const keepBuiltin = (corrections: string[]): FieldReconciliation<Value> => ({
    value: builtin,
    evidence: builtinEvidence === undefined ? {} : { [field]: builtinEvidence },
    corrections,
    ambiguities: [],
    resolvedByModel: false,
  });
  const builtinQuote = builtinEvidence?.span ? ` from ${showQuote(builtinEvidence.span.text)}` : '';

  if (model === null) return keepBuiltin(builtinStated ? [`model missed ${field} (${formatValue(builtin)}${builtinQuote}); kept the built-in reading`] : []);
  const isSame = input.isSame ?? ((left, right) => left === right);
  // Agreement needs no quote check: the built-in reading already stands on the request's words.
  if (builtin !== null && builtin !== undefined && isSame(model.value, builtin)) return keepBuiltin([]);
  const check = input.check(model.value, model.quote);
  if (!check.supported) {
    return keepBuiltin([`model read ${field} as ${formatValue(model.value)} but ${check.reason}; kept the built-in reading (${formatValue(builtinRead ? builtin : null)})`]);
  }

  const note = builtinRead ? `the built-in reader read ${formatValue(builtin)}${builtinQuote}` : 'the built-in reader found nothing';
  return {
    value: model.value,
    evidence: { [field]: createModelEvidence(check, modelName, note) },
    corrections: [],
    ambiguities: builtinRead
      ? [{ field, message: `The request reads two ways: ${formatValue(model.value)} (${showQuote(check.span.text)}) or ${formatValue(builtin)}${builtinQuote}; using ${formatValue(model.value)}. Which is meant?` }]
      : [],
    resolvedByModel: !builtinRead,
  };
}
