import { describe, expect, it } from 'vitest';
import { loadSharedExamples } from '../../../testing/load-shared-examples.js';
import { ScriptedLanguageModel } from '../../../testing/scripted-language-model.js';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { costCritic } from '../critics/cost-critic.js';
import { feasibilityCritic } from '../critics/feasibility-critic.js';
import { policyCritic } from '../critics/policy-critic.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import type { ModelFinding } from './model-findings-schema.js';
import { reviewWithModel } from './review-with-model.js';

const fraudText = loadSharedExamples().find((example) => example.id === 'fraud-realtime')?.text ?? '';
const constraints = extractConstraints(fraudText);
const plan = planArchitecture(constraints);

function finding(fields: Partial<ModelFinding>): ModelFinding {
  return { code: 'throughput_exceeds_limits', severity: 'warning', message: 'The load balancer may throttle at peak.', fix: 'Pre-warm it.', componentIds: ['load_balancer'], framework: null, control: null, ...fields };
}
const answering = (...findings: ModelFinding[]) => new ScriptedLanguageModel([JSON.stringify({ findings })]);

describe('reviewWithModel', () => {
  it("gives the critic's own findings when no model is given", async () => {
    const result = await reviewWithModel(costCritic, constraints, plan, undefined);
    expect(result).toEqual({ value: costCritic.review(constraints, plan), engine: 'builtin', model: null, corrections: [], fallbackReason: null });
  });

  it('always keeps the built-in findings', async () => {
    const result = await reviewWithModel(costCritic, constraints, plan, answering());
    expect(result).toMatchObject({ value: costCritic.review(constraints, plan), engine: 'model', corrections: [] });
  });

  it('adds a model finding with a known code about components in the plan', async () => {
    const result = await reviewWithModel(feasibilityCritic, constraints, plan, answering(finding({})));
    expect(result.value).toContainEqual({
      code: 'throughput_exceeds_limits',
      critic: 'feasibility',
      severity: 'warning',
      message: 'The load balancer may throttle at peak.',
      fix: 'Pre-warm it.',
      componentIds: ['load_balancer'],
    });
    expect(result.corrections).toEqual([]);
  });

  it('drops a model finding with a code the critic does not have', async () => {
    const result = await reviewWithModel(feasibilityCritic, constraints, plan, answering(finding({ code: 'vibes_off' }), finding({ code: 'budget_exceeded' })));
    expect(result.value).toEqual(feasibilityCritic.review(constraints, plan));
    expect(result.corrections).toEqual([
      'model raised "vibes_off", which is not a feasibility finding code; dropped',
      'model raised "budget_exceeded", which is not a feasibility finding code; dropped',
    ]);
  });

  it('drops a model finding about components the plan does not contain', async () => {
    const result = await reviewWithModel(feasibilityCritic, constraints, plan, answering(finding({ componentIds: ['lambda_inference', 'quantum_cache'] })));
    expect(result.value).toEqual(feasibilityCritic.review(constraints, plan));
    expect(result.corrections).toEqual(['model raised throughput_exceeds_limits about lambda_inference, quantum_cache, which the plan does not contain; dropped']);
  });

  it('caps a blocking model finding at warning: a model cannot make the planner revise on its own', async () => {
    const result = await reviewWithModel(feasibilityCritic, constraints, plan, answering(finding({ severity: 'blocking' })));
    expect(result.value.find((candidate) => candidate.code === 'throughput_exceeds_limits')?.severity).toBe('warning');
    expect(result.value.some((candidate) => candidate.severity === 'blocking')).toBe(false);
    expect(result.corrections).toEqual(['model marked throughput_exceeds_limits as blocking; lowered to warning (a model-added finding cannot block the plan alone)']);
  });

  it('keeps a policy finding for a required framework, with the control its code stands for', async () => {
    const result = await reviewWithModel(policyCritic, constraints, plan, answering(finding({ code: 'missing_retention_policy', componentIds: ['backup'], framework: 'PCI_DSS', control: 'made_up' })));
    expect(result.value).toContainEqual(expect.objectContaining({ code: 'missing_retention_policy', critic: 'policy', framework: 'PCI_DSS', control: 'retention' }));
  });

  it('drops a policy finding for a framework the constraints do not require', async () => {
    const result = await reviewWithModel(policyCritic, constraints, plan, answering(finding({ code: 'missing_backup', componentIds: ['backup'], framework: 'HIPAA' })));
    expect(result.value).toEqual(policyCritic.review(constraints, plan));
    expect(result.corrections).toEqual(['model raised missing_backup for HIPAA, which the constraints do not require; dropped']);
  });

  it('does not repeat a finding the critic already raised', async () => {
    const [builtin] = costCritic.review(constraints, plan);
    expect(builtin).toBeDefined();
    const result = await reviewWithModel(costCritic, constraints, plan, answering(finding({ code: builtin?.code, componentIds: builtin?.componentIds, severity: 'info' })));
    expect(result.value).toEqual(costCritic.review(constraints, plan));
  });

  it('shows the model the plan, the findings already raised and the codes it may use', async () => {
    const model = answering();
    await reviewWithModel(policyCritic, constraints, plan, model);
    const prompt = model.requests[0]?.messages[1]?.content ?? '';
    expect(prompt).toContain('"id": "waf"');
    expect(prompt).toContain('- missing_waf: missing a web application firewall in front of public endpoints');
  });

  it("falls back to the critic's findings when the model answers invalidly twice", async () => {
    const model = new ScriptedLanguageModel(['{"findings": "none"}', '{"findings": [{"code": 1}]}']);
    const result = await reviewWithModel(costCritic, constraints, plan, model);
    expect(result).toMatchObject({ value: costCritic.review(constraints, plan), engine: 'builtin', fallbackReason: expect.stringContaining('did not follow the schema') });
  });

  it('rejects when the signal aborted instead of falling back', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(reviewWithModel(costCritic, constraints, plan, answering(), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
