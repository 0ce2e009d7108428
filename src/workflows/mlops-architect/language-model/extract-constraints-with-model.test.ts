import { describe, expect, it } from 'vitest';
import type { Constraints } from '../../../contracts/mlops-architect.js';
import { loadSharedExamples } from '../../../testing/load-shared-examples.js';
import { ScriptedLanguageModel } from '../../../testing/scripted-language-model.js';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { buildModelConstraints } from './__fixtures__/build-model-constraints.js';
import { extractConstraintsWithModel } from './extract-constraints-with-model.js';
import type { ModelConstraints } from './model-constraints-schema.js';

const examples = loadSharedExamples();
const fraud = examples.find((example) => example.id === 'fraud-realtime')?.text ?? '';

/** A faithful model: it answers with the built-in reading and quotes the built-in's spans. */
function echoBuiltin(builtin: Constraints): string {
  const quoted = <Value>(field: keyof Constraints & keyof ModelConstraints, value: Value | null) => {
    const span = builtin.evidence[field]?.span;
    return value === null || span === null || span === undefined ? null : { value, quote: span.text };
  };
  const items = <Item extends string>(field: string, values: readonly Item[]) =>
    values.flatMap((value) => {
      const span = builtin.evidence[`${field}.${value}`]?.span;
      return span === null || span === undefined ? [] : [{ value, quote: span.text }];
    });
  return buildModelConstraints({
    latencyMs: quoted('latencyMs', builtin.latencyMs),
    latencyPercentile: quoted('latencyPercentile', builtin.latencyPercentile),
    throughputRps: quoted('throughputRps', builtin.throughputRps),
    compliance: items('compliance', builtin.compliance),
    workloads: items('workloads', builtin.workloads),
    gpu: quoted('gpu', builtin.gpu),
    cloud: quoted('cloud', builtin.cloud),
    regions: items('regions', builtin.regions),
    budgetMonthlyUsd: quoted('budgetMonthlyUsd', builtin.budgetMonthlyUsd),
    availability: quoted('availability', builtin.availability),
    autoscaling: quoted('autoscaling', builtin.autoscaling),
    dataClassification: quoted('dataClassification', builtin.dataClassification),
    teamSize: quoted('teamSize', builtin.teamSize),
    trainingFrequency: quoted('trainingFrequency', builtin.trainingFrequency),
  });
}

describe('extractConstraintsWithModel', () => {
  it('uses the built-in extractor when no model is given', async () => {
    const result = await extractConstraintsWithModel(fraud, undefined);
    expect(result).toEqual({ value: extractConstraints(fraud), engine: 'builtin', model: null, corrections: [], fallbackReason: null });
  });

  it('removes a compliance framework the model invented, and says so', async () => {
    const model = new ScriptedLanguageModel([
      buildModelConstraints({
        latencyMs: { value: 100, quote: 'sub-100ms latency' },
        throughputRps: { value: 10_000, quote: '10,000 requests/second' },
        compliance: [
          { value: 'PCI_DSS', quote: 'PCI DSS compliance' },
          { value: 'HIPAA', quote: 'real-time fraud detection' },
        ],
        workloads: [{ value: 'online_inference', quote: 'real-time fraud detection' }],
        autoscaling: { value: true, quote: 'auto-scaling' },
      }),
    ]);
    const result = await extractConstraintsWithModel(fraud, model);
    expect(result.engine).toBe('model');
    expect(result.model).toEqual({ provider: 'scripted', modelId: 'scripted-model' });
    expect(result.value.compliance).toEqual(['PCI_DSS']);
    expect(result.value.evidence['compliance.HIPAA']).toBeUndefined();
    expect(result.corrections).toContain('model named HIPAA but the request never mentions it or protected health data; removed');
    expect(result.fallbackReason).toBeNull();
  });

  it('uses a value only the model read, with its quote located in the request as stated evidence', async () => {
    const request = 'Fraud scoring API; we can spend at most 2000 per month on infrastructure.';
    const model = new ScriptedLanguageModel([buildModelConstraints({ budgetMonthlyUsd: { value: 2000, quote: 'AT MOST 2000  per month' } })]);
    const result = await extractConstraintsWithModel(request, model);
    expect(extractConstraints(request).budgetMonthlyUsd).toBeNull();
    expect(result.engine).toBe('model');
    expect(result.value.budgetMonthlyUsd).toBe(2000);
    const evidence = result.value.evidence.budgetMonthlyUsd;
    expect(evidence).toMatchObject({ span: { text: 'at most 2000 per month' }, source: 'stated', confidence: 0.6 });
    expect(request.slice(evidence?.span?.start, evidence?.span?.end)).toBe('at most 2000 per month');
    expect(evidence?.note).toMatch(/^read by scripted\/scripted-model; the built-in reader found nothing/);
    // The model answered the built-in's budget question.
    expect(result.value.ambiguities.map((ambiguity) => ambiguity.field)).not.toContain('budgetMonthlyUsd');
  });

  it('accepts a framework the request implies in words the built-in extractor does not know, as implied and less certain', async () => {
    const request = 'Triage chest X-rays for our radiology department, 50 requests per second.';
    const model = new ScriptedLanguageModel([buildModelConstraints({ compliance: [{ value: 'HIPAA', quote: 'radiology department' }] })]);
    const result = await extractConstraintsWithModel(request, model);
    expect(result.value.compliance).toEqual(['HIPAA']);
    expect(result.value.evidence['compliance.HIPAA']).toMatchObject({ source: 'implied', confidence: 0.41, span: { text: 'radiology department' } });
  });

  it('removes a framework the request rules out', async () => {
    const request = 'We do not handle health data; a recommender for a shop.';
    const model = new ScriptedLanguageModel([buildModelConstraints({ compliance: [{ value: 'HIPAA', quote: 'health data' }] })]);
    const result = await extractConstraintsWithModel(request, model);
    expect(result.value.compliance).toEqual([]);
    expect(result.corrections).toEqual(['model named HIPAA but the request rules it out ("health data"); removed']);
  });

  it('replaces a number whose quote is not in the request, or does not give it, with the built-in reading', async () => {
    const model = new ScriptedLanguageModel([
      buildModelConstraints({ latencyMs: { value: 50, quote: 'under 50 ms' }, throughputRps: { value: 1000, quote: '10,000 requests/second' }, compliance: [{ value: 'PCI_DSS', quote: 'PCI DSS' }] }),
    ]);
    const result = await extractConstraintsWithModel(fraud, model);
    expect(result.value.latencyMs).toBe(100);
    expect(result.value.throughputRps).toBe(10_000);
    expect(result.corrections).toEqual(
      expect.arrayContaining([
        'model read latencyMs as 50 but its quote "under 50 ms" is not in the request; kept the built-in reading (100)',
        'model read throughputRps as 1000 but its quote "10,000 requests/second" does not give that number; kept the built-in reading (10000)',
      ]),
    );
  });

  it('keeps what the built-in read but the model missed, with a correction', async () => {
    const model = new ScriptedLanguageModel([buildModelConstraints({ compliance: [{ value: 'PCI_DSS', quote: 'PCI DSS' }] })]);
    const result = await extractConstraintsWithModel(fraud, model);
    expect(result.value.latencyMs).toBe(100);
    expect(result.value.workloads).toEqual(['online_inference']);
    expect(result.corrections).toContain('model missed latencyMs (100 from "sub-100ms"); kept the built-in reading');
    expect(result.corrections).toContain('model missed workloads online_inference ("real-time"); kept the built-in reading');
  });

  it('re-reads regions for the cloud the model found, and drops the built-in question it answered', async () => {
    const request = "A churn model on Google's cloud for customers in Germany, p99 under 80 ms.";
    expect(extractConstraints(request)).toMatchObject({ cloud: 'aws', regions: ['eu-central-1'] });
    const model = new ScriptedLanguageModel([buildModelConstraints({ cloud: { value: 'gcp', quote: "Google's cloud" } })]);
    const result = await extractConstraintsWithModel(request, model);
    expect(result.value).toMatchObject({ cloud: 'gcp', regions: ['europe-west3'] });
    expect(result.value.evidence.cloud).toMatchObject({ source: 'implied', span: { text: "Google's cloud" } });
    expect(result.value.ambiguities.map((ambiguity) => ambiguity.field)).not.toContain('cloud');
  });

  it('uses a supported reading that contradicts the built-in one, and asks which is meant', async () => {
    const request = 'Scoring API, p99 under 80 ms; the old system answered in 300 ms.';
    const builtin = extractConstraints(request);
    const other = builtin.latencyMs === 80 ? { value: 300, quote: '300 ms' } : { value: 80, quote: 'under 80 ms' };
    const model = new ScriptedLanguageModel([buildModelConstraints({ latencyMs: other })]);
    const result = await extractConstraintsWithModel(request, model);
    expect(result.value.latencyMs).toBe(other.value);
    expect(result.value.ambiguities).toContainEqual({ field: 'latencyMs', message: expect.stringMatching(/^The request reads two ways: /) });
  });

  it('uses the corrected answer after one invalid answer, sending the validation error back', async () => {
    const model = new ScriptedLanguageModel(['{"latencyMs": "fast"}', buildModelConstraints({ compliance: [{ value: 'PCI_DSS', quote: 'PCI DSS' }] })]);
    const result = await extractConstraintsWithModel(fraud, model);
    expect(result.engine).toBe('model');
    expect(result.fallbackReason).toBeNull();
    expect(model.requests).toHaveLength(2);
    expect(model.requests[1]?.messages.at(-1)?.content).toMatch(/does not follow the JSON schema: latencyMs: Invalid input/);
  });

  it('falls back to the built-in extraction when the answer is invalid twice', async () => {
    const model = new ScriptedLanguageModel(['not json', '{"compliance": ["HIPAA"]}']);
    const result = await extractConstraintsWithModel(fraud, model);
    expect(result.engine).toBe('builtin');
    expect(result.value).toEqual(extractConstraints(fraud));
    expect(result.fallbackReason).toMatch(/^scripted\/scripted-model failed \(Error: The model's answer did not follow the schema after one correction: .*\); the built-in engine answered$/);
  });

  it('falls back to the built-in extraction when the model throws, naming the error without secrets', async () => {
    const model = new ScriptedLanguageModel([new Error('401 from https://api.example.com: invalid key sk-ant-abcdefghijklmnopqrstuvwxyz')]);
    const result = await extractConstraintsWithModel(fraud, model);
    expect(result.engine).toBe('builtin');
    expect(result.value).toEqual(extractConstraints(fraud));
    expect(result.fallbackReason).toContain('401 from https://api.example.com: invalid key sk-ant-abcdef***');
    expect(result.fallbackReason).not.toContain('uvwxyz');
  });

  it('rejects when the signal aborted instead of falling back', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = new ScriptedLanguageModel([buildModelConstraints()]);
    await expect(extractConstraintsWithModel(fraud, model, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('sends the request fenced as data, with the answer schema', async () => {
    const model = new ScriptedLanguageModel([buildModelConstraints()]);
    await extractConstraintsWithModel(fraud, model);
    expect(model.requests[0]?.messages[1]?.content).toContain(`<<<REQUEST\n${fraud}\nREQUEST>>>`);
    expect(Object.keys((model.requests[0]?.responseSchema?.properties ?? {}) as object)).toContain('compliance');
  });

  for (const example of examples) {
    it(`gives the built-in reading of "${example.id}" when a faithful model quotes the built-in's spans`, async () => {
      const builtin = extractConstraints(example.text);
      const result = await extractConstraintsWithModel(example.text, new ScriptedLanguageModel([echoBuiltin(builtin)]));
      expect(result.engine).toBe('model');
      expect(result.value).toEqual(builtin);
      expect(result.corrections.filter((correction) => !correction.startsWith('model missed'))).toEqual([]);
    });
  }
});
