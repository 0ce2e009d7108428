import { describe, expect, it } from 'vitest';
import { convertToPolicyActivation, createEmptyPolicyVariables, createPolicyEnvironment, createPolicyInput, policyPhases, policyPhaseVariables, policyVariableDeclarations, type PolicyVariableName } from './policy-input.js';

const allVariables = Object.keys(policyVariableDeclarations) as PolicyVariableName[];

describe('policy input', () => {
  it('declares in CEL exactly the fields the defaults fill, for every variable', () => {
    const defaults = createEmptyPolicyVariables();
    for (const name of allVariables) {
      expect(Object.keys(defaults[name]).sort(), name).toEqual(Object.keys(policyVariableDeclarations[name].fields).sort());
    }
  });

  it('declares in each phase its variables and no others', () => {
    for (const phase of policyPhases) {
      const environment = createPolicyEnvironment(phase);
      for (const name of allVariables) {
        expect(environment.hasVariable(name), `${phase} ${name}`).toBe((policyPhaseVariables[phase] as readonly string[]).includes(name));
      }
    }
  });

  it('gives every phase tenant, principal and run', () => {
    for (const phase of policyPhases) expect(policyPhaseVariables[phase]).toEqual(expect.arrayContaining(['tenant', 'principal', 'run']));
  });

  it('builds a complete input from the pieces a caller has, defaults elsewhere', () => {
    const input = createPolicyInput('tool.before', { tool: { name: 'shell', confidence: undefined }, run: { workflow: 'mlops-architect' } });
    expect(input.tool).toEqual({ name: 'shell', arguments: {}, confidence: 1 });
    expect(input.run).toMatchObject({ id: '', workflow: 'mlops-architect', estimatedCostUsd: 0, input: {} });
    expect(input.step.confidence).toBe(1);
    expect(input.principal).toEqual({ kind: 'local', id: '', role: 'viewer' });
    expect(Object.keys(input).sort()).toEqual(['principal', 'run', 'step', 'tenant', 'tool']);
  });

  it('gives each input its own default objects', () => {
    const first = createPolicyInput('run.create');
    first.run.input.mutated = true;
    expect(createPolicyInput('run.create').run.input).toEqual({});
  });

  it('converts integer fields to CEL ints (bigint) and leaves the caller’s input alone', () => {
    const input = createPolicyInput('step.before', { run: { priority: 3, tokens: 1_200, estimatedCostUsd: 2 }, step: { attempt: 2 } });
    const activation = convertToPolicyActivation('step.before', input) as Record<string, Record<string, unknown>>;
    expect(activation.run).toMatchObject({ priority: 3n, tokens: 1_200n, estimatedCostUsd: 2 });
    expect(activation.step).toMatchObject({ attempt: 2n, confidence: 1 });
    expect(input.run.priority).toBe(3);
    expect(Object.keys(activation).sort()).toEqual(['principal', 'run', 'step', 'tenant']);
  });

  it('evaluates typed fields through the environment', () => {
    const environment = createPolicyEnvironment('llm.before');
    const input = createPolicyInput('llm.before', { llm: { model: 'gpt-4o', maxOutputTokens: 4_000 }, budget: { hasLimit: true, remainingUsd: 0.5 } });
    const activation = convertToPolicyActivation('llm.before', input);
    expect(environment.evaluate('llm.model.startsWith("gpt-4") && llm.maxOutputTokens >= 4000 && budget.hasLimit', activation)).toBe(true);
  });
});
