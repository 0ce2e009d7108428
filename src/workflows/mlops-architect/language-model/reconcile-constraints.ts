import { complianceFrameworks, constraintsSchema, workloadKinds, type ConstraintEvidence, type Constraints } from '../../../contracts/mlops-architect.js';
import { isNegated } from '../../../tools/text-matching/is-negated.js';
import { extractGpu } from '../constraints/extract-gpu.js';
import { extractRegions } from '../constraints/extract-regions.js';
import type { Ambiguity } from '../constraints/field-extraction.js';
import { findContradictions } from '../constraints/find-contradictions.js';
import { findMissingBasics } from '../constraints/find-missing-basics.js';
import { checkCloudQuote } from './check-cloud-quote.js';
import { checkFrameworkQuote } from './check-framework-quote.js';
import { checkRegionQuote } from './check-region-quote.js';
import type { FieldReconciliation } from './field-reconciliation.js';
import { isNumberSupported } from './is-number-supported.js';
import type { ModelConstraints } from './model-constraints-schema.js';
import { checkQuoteLocated, showQuote, type QuoteCheck } from './quote-check.js';
import { reconcileList } from './reconcile-list.js';
import { reconcileValue } from './reconcile-value.js';

/** The reconciled constraints and every correction the built-in checks made to the model's reading. */
export interface ConstraintsReconciliation {
  constraints: Constraints;
  corrections: string[];
}

// Readers round differently (83.33 against 83.333… requests per second); within 1% they agree.
function isSameNumber(left: number, right: number): boolean {
  return Math.abs(left - right) <= 0.01 * Math.max(Math.abs(left), Math.abs(right));
}

/** Replaces one field's evidence entries (`field` and `field.item`) with the reconciled ones. */
function replaceEvidence(evidence: Record<string, ConstraintEvidence>, field: string, replacement: Readonly<Record<string, ConstraintEvidence>>): void {
  for (const key of Object.keys(evidence)) if (key === field || key.startsWith(`${field}.`)) delete evidence[key];
  Object.assign(evidence, replacement);
}

function pickEvidence(evidence: Readonly<Record<string, ConstraintEvidence>>, field: string): Record<string, ConstraintEvidence> {
  return Object.fromEntries(Object.entries(evidence).filter(([key]) => key === field || key.startsWith(`${field}.`)));
}

/**
 * Checks the model's reading of a request against the request and the built-in reading of it
 * (`builtin` must be `extractConstraints(request)`). Every value the model gives must be supported by
 * the words it quotes: frameworks, clouds, regions, workloads and numbers that are not are replaced
 * by the built-in reading, and what the built-in read but the model missed is kept; each change is a
 * correction. Evidence is the built-in's where both agree, and computed from the located quote where
 * only the model read a value. Ambiguities are the built-in's that the model did not answer, the
 * disagreements, the model's own questions, and whatever the final values leave open. Pure.
 */
export function reconcileConstraints(request: string, builtin: Constraints, answer: ModelConstraints, modelName: string): ConstraintsReconciliation {
  const located = (_value: unknown, quote: string): QuoteCheck => checkQuoteLocated(request, quote);
  const numberCheck = (value: number, quote: string): QuoteCheck => {
    const check = checkQuoteLocated(request, quote);
    if (!check.supported || isNumberSupported(value, check.span.text)) return check;
    return { supported: false, reason: `its quote ${showQuote(quote)} does not give that number` };
  };
  const reconciled: Record<string, FieldReconciliation<unknown>> = {};
  const keep = <Value>(field: string, reconciliation: FieldReconciliation<Value>): Value => {
    reconciled[field] = reconciliation;
    return reconciliation.value;
  };

  // The built-in side of one single-valued field, for reconcileValue.
  const fieldOf = <Field extends keyof Constraints>(field: Field) => ({ modelName, field, builtin: builtin[field], builtinEvidence: builtin.evidence[field] });
  const latencyMs = keep('latencyMs', reconcileValue({ ...fieldOf('latencyMs'), model: answer.latencyMs, check: numberCheck, isSame: isSameNumber }));
  const latencyPercentile = keep('latencyPercentile', reconcileValue({ ...fieldOf('latencyPercentile'), model: answer.latencyPercentile, check: located }));
  const throughputRps = keep('throughputRps', reconcileValue({ ...fieldOf('throughputRps'), model: answer.throughputRps, check: numberCheck, isSame: isSameNumber }));
  const budgetMonthlyUsd = keep('budgetMonthlyUsd', reconcileValue({ ...fieldOf('budgetMonthlyUsd'), model: answer.budgetMonthlyUsd, check: numberCheck, isSame: isSameNumber }));
  const availability = keep('availability', reconcileValue({ ...fieldOf('availability'), model: answer.availability, check: numberCheck, isSame: isSameNumber }));
  const teamSize = keep('teamSize', reconcileValue({ ...fieldOf('teamSize'), model: answer.teamSize, check: numberCheck }));
  const autoscaling = keep('autoscaling', reconcileValue({ ...fieldOf('autoscaling'), model: answer.autoscaling, check: located }));
  const dataClassification = keep('dataClassification', reconcileValue({ ...fieldOf('dataClassification'), model: answer.dataClassification, check: located }));
  const trainingFrequency = keep('trainingFrequency', reconcileValue({ ...fieldOf('trainingFrequency'), model: answer.trainingFrequency, check: located }));
  const cloud = keep('cloud', reconcileValue({ ...fieldOf('cloud'), model: answer.cloud, check: (value, quote) => checkCloudQuote(request, value, quote) }));

  // Regions and the GPU estimate depend on the cloud and the peak load: when the model changed those,
  // the built-in reading to compare with is the one for the final values.
  const evidence: Record<string, ConstraintEvidence> = { ...builtin.evidence };
  let builtinAmbiguities: Ambiguity[] = builtin.ambiguities;
  let builtinRegions = { value: builtin.regions, evidence: pickEvidence(builtin.evidence, 'regions') };
  let builtinGpu = { value: { gpu: builtin.gpu, gpuEstimate: builtin.gpuEstimate }, evidence: pickEvidence(builtin.evidence, 'gpu') };
  if (cloud !== builtin.cloud) {
    const rederived = extractRegions(request, cloud);
    builtinRegions = rederived;
    builtinAmbiguities = [...builtinAmbiguities.filter((ambiguity) => ambiguity.field !== 'regions'), ...rederived.ambiguities];
  }
  if (cloud !== builtin.cloud || throughputRps !== builtin.throughputRps) {
    const rederived = extractGpu(request, { throughputRps, cloud });
    builtinGpu = rederived;
    builtinAmbiguities = [...builtinAmbiguities.filter((ambiguity) => ambiguity.field !== 'gpu'), ...rederived.ambiguities];
  }
  const regions = keep(
    'regions',
    reconcileList({
      modelName,
      field: 'regions',
      model: answer.regions.map((region) => ({ value: region.value.toLowerCase(), quote: region.quote })),
      builtin: builtinRegions.value,
      builtinEvidence: builtinRegions.evidence,
      check: (region, quote) => checkRegionQuote(request, cloud, region, quote),
      order: null,
    }),
  );
  const gpu = keep('gpu', reconcileValue({ modelName, field: 'gpu', model: answer.gpu, builtin: builtinGpu.value.gpu, builtinEvidence: builtinGpu.evidence.gpu, check: located }));
  // The estimate is the built-in detector's; the model is not asked for sizes. No GPU, no estimate.
  const gpuEstimate = gpu === 'none' ? null : builtinGpu.value.gpuEstimate;
  const gpuEstimateEvidence = gpuEstimate === null ? undefined : (builtinGpu.evidence.gpuEstimate ?? builtin.evidence.gpuEstimate);
  replaceEvidence(evidence, 'gpuEstimate', gpuEstimateEvidence === undefined ? {} : { gpuEstimate: gpuEstimateEvidence });

  const workloads = keep(
    'workloads',
    reconcileList({
      modelName,
      field: 'workloads',
      model: answer.workloads,
      builtin: builtin.workloads,
      builtinEvidence: pickEvidence(builtin.evidence, 'workloads'),
      check: (_workload, quote) => {
        const check = checkQuoteLocated(request, quote);
        if (check.supported && isNegated(request, check.span.start)) return { supported: false, reason: `the request rules it out (${showQuote(check.span.text)})` };
        return check;
      },
      order: workloadKinds,
    }),
  );
  const compliance = keep(
    'compliance',
    reconcileList({
      modelName,
      field: 'compliance',
      model: answer.compliance,
      builtin: builtin.compliance,
      builtinEvidence: pickEvidence(builtin.evidence, 'compliance'),
      check: (framework, quote) => checkFrameworkQuote(request, framework, quote),
      order: complianceFrameworks,
    }),
  );

  for (const [field, reconciliation] of Object.entries(reconciled)) replaceEvidence(evidence, field, reconciliation.evidence);
  const fields = {
    latencyMs, latencyPercentile, throughputRps, compliance, workloads, gpu, gpuEstimate, cloud, regions, budgetMonthlyUsd, availability, autoscaling, dataClassification, teamSize, trainingFrequency,
    // Catalogue ids: the built-in reads them from product names; the model is not asked.
    requestedComponents: builtin.requestedComponents,
  };

  const ambiguities: Ambiguity[] = builtinAmbiguities.filter((ambiguity) => reconciled[ambiguity.field]?.resolvedByModel !== true);
  const add = (ambiguity: Ambiguity) => {
    if (!ambiguities.some((existing) => existing.field === ambiguity.field && existing.message === ambiguity.message)) ambiguities.push(ambiguity);
  };
  for (const reconciliation of Object.values(reconciled)) reconciliation.ambiguities.forEach(add);
  for (const question of answer.ambiguities) {
    // One question per field is enough; the built-in's wording wins because the question catalogue expects it.
    if (!ambiguities.some((existing) => existing.field === question.field)) add({ field: question.field, message: `${question.message} (asked by ${modelName})` });
  }
  findContradictions(request, fields).forEach(add);
  findMissingBasics(request, { ...fields, ambiguities }).forEach(add);

  const constraints = constraintsSchema.parse({ ...fields, evidence, ambiguities });
  return { constraints, corrections: Object.values(reconciled).flatMap((reconciliation) => reconciliation.corrections) };
}
