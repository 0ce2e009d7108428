import { describe, expect, it } from 'vitest';
import { loadSharedExamples } from '../../../testing/load-shared-examples.js';
import { ScriptedLanguageModel } from '../../../testing/scripted-language-model.js';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { reviewPlan } from '../critics/review-plan.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { writeRationaleWithModel } from './write-rationale-with-model.js';

const fraudText = loadSharedExamples().find((example) => example.id === 'fraud-realtime')?.text ?? '';
const constraints = extractConstraints(fraudText);
const plan = planArchitecture(constraints);
const input = { constraints, plan, findings: reviewPlan(constraints, plan), builtinRationale: '# Rationale\n\nReal-time containers meet the 100 ms target.' };
const writing = (markdown: string) => new ScriptedLanguageModel([JSON.stringify({ markdown })]);

describe('writeRationaleWithModel', () => {
  it('keeps the built-in rationale when no model is given', async () => {
    await expect(writeRationaleWithModel(input, undefined)).resolves.toEqual({ value: input.builtinRationale, engine: 'builtin', model: null, corrections: [], fallbackReason: null });
  });

  it("uses the model's rationale when it sticks to the design", async () => {
    const markdown = '# Why real-time containers\n\n`eks` behind a `load_balancer` meets the 100 ms p99 target; `kms` and `waf` cover PCI DSS. HIPAA does not apply.';
    const result = await writeRationaleWithModel(input, writing(`${markdown}\n`));
    expect(result).toEqual({ value: markdown, engine: 'model', model: { provider: 'scripted', modelId: 'scripted-model' }, corrections: [], fallbackReason: null });
  });

  it('falls back to the built-in rationale when the model writes nothing', async () => {
    const result = await writeRationaleWithModel(input, writing('  \n'));
    expect(result).toMatchObject({ value: input.builtinRationale, engine: 'builtin', corrections: ["model's rationale is empty; used the built-in rationale"] });
  });

  it('falls back to the built-in rationale when the model names a framework the constraints do not include', async () => {
    const result = await writeRationaleWithModel(input, writing('The design keeps PHI encrypted as HIPAA requires.'));
    expect(result).toMatchObject({ value: input.builtinRationale, engine: 'builtin', corrections: ["model's rationale names HIPAA, which the constraints do not include; used the built-in rationale"] });
  });

  it('falls back to the built-in rationale when the model names a component the plan does not contain', async () => {
    const result = await writeRationaleWithModel(input, writing('A `vector_store` caches fraud signals.'));
    expect(result.corrections).toEqual(["model's rationale names vector_store, which the plan does not contain; used the built-in rationale"]);
  });

  it('allows naming the alternatives the plan records and why they lost', async () => {
    const result = await writeRationaleWithModel(input, writing('`serverless_inference` lost: `lambda_inference` tops out below the 10,000 rps peak.'));
    expect(result.engine).toBe('model');
  });

  it('rejects a rationale longer than the schema allows, then falls back', async () => {
    const model = new ScriptedLanguageModel([JSON.stringify({ markdown: 'x'.repeat(20_001) }), JSON.stringify({ markdown: 'y'.repeat(20_001) })]);
    const result = await writeRationaleWithModel(input, model);
    expect(result).toMatchObject({ value: input.builtinRationale, engine: 'builtin', fallbackReason: expect.stringContaining('markdown: Too big') });
  });

  it('rejects when the signal aborted instead of falling back', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(writeRationaleWithModel(input, writing('ok'), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
