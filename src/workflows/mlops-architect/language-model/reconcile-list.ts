import type { ConstraintEvidence } from '../../../contracts/mlops-architect.js';
import { createModelEvidence } from './create-model-evidence.js';
import type { FieldReconciliation } from './field-reconciliation.js';
import type { QuotedValue } from './model-constraints-schema.js';
import { showQuote, type QuoteCheck } from './quote-check.js';

export interface ListReconciliationInput<Item extends string> {
  field: string;
  model: readonly QuotedValue<Item>[];
  builtin: readonly Item[];
  /** The built-in evidence of the field: `field` and `field.item` keys. */
  builtinEvidence: Readonly<Record<string, ConstraintEvidence>>;
  check: (item: Item, quote: string) => QuoteCheck;
  /** The canonical order of items (the contract's enum), or null to keep the built-in's items first. */
  order: readonly Item[] | null;
  modelName: string;
}

/** The list's own evidence, as the built-in extractors build it: only as certain as its least certain item. */
function summarize(items: readonly string[], evidence: Readonly<Record<string, ConstraintEvidence>>, field: string): ConstraintEvidence | undefined {
  const entries = items.map((item) => evidence[`${field}.${item}`]).filter((entry): entry is ConstraintEvidence => entry !== undefined);
  const weakest = entries.reduce<ConstraintEvidence | undefined>((lowest, entry) => (lowest === undefined || entry.confidence < lowest.confidence ? entry : lowest), undefined);
  if (weakest === undefined) return undefined;
  return { span: weakest.span, confidence: weakest.confidence, source: entries.every((entry) => entry.source === 'stated') ? 'stated' : 'implied', note: items.join(', ') };
}

/**
 * Reconciles a list field (compliance, workloads, regions): the union of the built-in's items and the
 * model's supported ones. A model item its quote does not support is removed with a correction; a
 * stated built-in item the model missed is kept with a correction; agreed items keep the built-in evidence.
 */
export function reconcileList<Item extends string>(input: ListReconciliationInput<Item>): FieldReconciliation<Item[]> {
  const { field, builtin, builtinEvidence, modelName } = input;
  const evidence: Record<string, ConstraintEvidence> = {};
  const corrections: string[] = [];
  const accepted = new Set<Item>();
  const rejected = new Set<Item>();
  for (const { value, quote } of input.model) {
    if (accepted.has(value)) continue;
    const check = input.check(value, quote);
    if (!check.supported) {
      if (!builtin.includes(value) && !rejected.has(value)) corrections.push(`model named ${value} but ${check.reason}; removed`);
      rejected.add(value);
      continue;
    }
    accepted.add(value);
    const builtinEntry = builtinEvidence[`${field}.${value}`];
    evidence[`${field}.${value}`] = builtinEntry ?? createModelEvidence(check, modelName, 'the built-in reader did not find it');
  }
  for (const item of builtin) {
    const entry = builtinEvidence[`${field}.${item}`];
    if (entry !== undefined) evidence[`${field}.${item}`] = entry;
    // Named with a quote that did not hold up, but the built-in read it anyway: nothing to correct. Only a
    // stated item is one the model should have read; implied ones (a latency target implying online
    // inference) it was not asked to infer.
    if (accepted.has(item) || rejected.has(item) || entry?.source !== 'stated') continue;
    const from = entry?.span ? ` (${showQuote(entry.span.text)})` : '';
    corrections.push(`model missed ${field} ${item}${from}; kept the built-in reading`);
  }

  const union = [...builtin, ...[...accepted].filter((item) => !builtin.includes(item))];
  const value = input.order === null ? union : input.order.filter((item) => union.includes(item));
  const unchanged = value.length === builtin.length && builtinEvidence[field] !== undefined;
  const summary = unchanged ? builtinEvidence[field] : summarize(value, evidence, field);
  if (summary !== undefined) evidence[field] = summary;
  return { value, evidence, corrections, ambiguities: [], resolvedByModel: builtin.length === 0 && value.length > 0 };
}
