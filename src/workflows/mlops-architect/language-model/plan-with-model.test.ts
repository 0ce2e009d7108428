import { describe, expect, it } from 'vitest';
import { loadSharedExamples } from '../../../testing/load-shared-examples.js';
import { ScriptedLanguageModel } from '../../../testing/scripted-language-model.js';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { reviewPlan } from '../critics/review-plan.js';
import { findCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { planArchitectureWithPattern } from '../planner/plan-architecture-with-pattern.js';
import { planWithModel } from './plan-with-model.js';

const examples = loadSharedExamples();
function constraintsOf(id: string) {
  return extractConstraints(examples.find((example) => example.id === id)?.text ?? '');
}
const choose = (pattern: string, justification = 'Fits best.') => new ScriptedLanguageModel([JSON.stringify({ pattern, justification })]);

describe('planWithModel', () => {
  const fraud = constraintsOf('fraud-realtime');

  it('plans with the built-in planner when no model is given', async () => {
    const result = await planWithModel(fraud, {}, undefined);
    expect(result).toEqual({ value: planArchitecture(fraud), engine: 'builtin', model: null, corrections: [], fallbackReason: null });
  });

  it('builds the plan for a feasible pattern the model chose with the built-in sizing and prices', async () => {
    const result = await planWithModel(fraud, {}, choose('streaming_inference', 'Fraud signals arrive as a stream of card transactions.'));
    const expected = planArchitectureWithPattern(fraud, 'streaming_inference');
    expect(result.engine).toBe('model');
    expect(result.corrections).toEqual([]);
    expect(result.value).toMatchObject({ pattern: 'streaming_inference', components: expected.components, estimatedMonthlyCostUsd: expected.estimatedMonthlyCostUsd, score: expected.score });
    for (const component of result.value.components) expect(findCatalogueComponent(component.id), component.id).toBeDefined();
    const builtinChoice = result.value.alternatives.find((alternative) => alternative.pattern === 'realtime_containers');
    expect(builtinChoice?.reason).toBe(
      "the built-in planner's choice (score 0.771 against 0.724); scripted/scripted-model preferred streaming_inference: Fraud signals arrive as a stream of card transactions.",
    );
  });

  it('returns the built-in plan unchanged when the model agrees with it', async () => {
    const result = await planWithModel(fraud, {}, choose('realtime_containers'));
    expect(result).toMatchObject({ value: planArchitecture(fraud), engine: 'model', corrections: [] });
  });

  it('corrects an unknown pattern id to the built-in choice', async () => {
    const result = await planWithModel(fraud, {}, choose('quantum_mesh'));
    expect(result.value).toEqual(planArchitecture(fraud));
    expect(result.engine).toBe('builtin');
    expect(result.model).toEqual({ provider: 'scripted', modelId: 'scripted-model' });
    expect(result.corrections).toEqual(['model chose pattern "quantum_mesh" but the knowledge base has no such pattern; used the built-in choice realtime_containers']);
  });

  it('corrects a pattern that cannot meet the constraints to the built-in choice, saying why', async () => {
    const result = await planWithModel(fraud, {}, choose('serverless_inference'));
    expect(result.value.pattern).toBe('realtime_containers');
    expect(result.corrections).toEqual([expect.stringMatching(/^model chose pattern "serverless_inference" but it cannot meet the constraints \(.*10,000 rps.*\); used the built-in choice realtime_containers$/)]);
  });

  it('keeps the platform the request names, as the built-in planner does, so the critics can weigh it', async () => {
    const lambdaTrap = constraintsOf('lambda-trap');
    const result = await planWithModel(lambdaTrap, {}, choose('realtime_containers'));
    expect(result.value.pattern).toBe('serverless_inference');
    expect(result.corrections).toEqual(['model chose pattern "realtime_containers" but the request names lambda_inference, which serverless_inference is built on; used the built-in choice serverless_inference']);
  });

  it('in a revision that must save money, corrects a dearer pattern and keeps the revision bookkeeping otherwise', async () => {
    const constraints = constraintsOf('budget-conflict');
    const previous = planArchitecture(constraints);
    const options = { findings: reviewPlan(constraints, previous), previous };
    const builtin = planArchitecture(constraints, options);
    const dearer = await planWithModel(constraints, options, choose('realtime_containers'));
    expect(dearer.value).toEqual(builtin);
    expect(dearer.corrections).toEqual([expect.stringMatching(/^model chose pattern "realtime_containers" but it costs ≈ \$8,263 a month against ≈ \$8,212 while the plan must be as cheap as it can to fit the \$500 monthly budget/)]);
    const same = await planWithModel(constraints, options, choose(builtin.pattern));
    expect(same.value).toMatchObject({ revision: 1, addressedFindings: builtin.addressedFindings });
  });

  it('tells the model the patterns and the constraints, and the findings when revising', async () => {
    const model = choose('realtime_containers');
    const previous = planArchitecture(fraud);
    await planWithModel(fraud, { findings: [{ code: 'budget_exceeded', critic: 'cost', severity: 'blocking', message: 'Over budget.', fix: 'Save.', componentIds: [] }], previous }, model);
    const prompt = model.requests[0]?.messages[1]?.content ?? '';
    expect(prompt).toContain('"id": "serverless_inference"');
    expect(prompt).toContain('"latencyMs": 100');
    expect(prompt).toContain('- [blocking] budget_exceeded: Over budget.');
  });

  it('falls back to the built-in plan when the model fails', async () => {
    const result = await planWithModel(fraud, {}, new ScriptedLanguageModel([new Error('socket hang up')]));
    expect(result).toMatchObject({ value: planArchitecture(fraud), engine: 'builtin', corrections: [], fallbackReason: expect.stringContaining('Error: socket hang up') });
  });

  it('rejects when the signal aborted instead of falling back', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(planWithModel(fraud, {}, choose('realtime_containers'), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
