import { describe, expect, it } from 'vitest';
import type { ArchitecturePlan } from '../../../contracts/mlops-architect.js';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { measureCoverage } from './measure-coverage.js';
import { measureCriticConfidence } from './measure-critic-confidence.js';
import { measureExtractionConfidence } from './measure-extraction-confidence.js';
import { measurePlanConfidence } from './measure-plan-confidence.js';
import { measureValidationConfidence } from './measure-validation-confidence.js';

const specific = extractConstraints('Real-time fraud detection on AWS, p99 under 100 ms, 10,000 requests per second, PCI DSS, budget $15,000 per month.');
const vague = extractConstraints('We need some machine learning.');

describe('agent confidence comes from evidence', () => {
  it('is higher for the extraction of a specific request than of a vague one', () => {
    expect(measureExtractionConfidence(specific)).toBeGreaterThan(0.75);
    expect(measureExtractionConfidence(vague)).toBeLessThan(0.4);
  });

  it('counts key constraints as covered only when stated, implied or answered', () => {
    expect(measureCoverage(specific)).toMatchObject({ ratio: 1, uncovered: [] });
    const coverage = measureCoverage(vague);
    expect(coverage.uncovered).toEqual(expect.arrayContaining(['latencyMs', 'throughputRps', 'budgetMonthlyUsd']));
    expect(coverage.ratio).toBeLessThan(0.5);
  });

  it('makes a critic as sure as the constraints it judges against', () => {
    expect(measureCriticConfidence('feasibility', specific)).toBeGreaterThan(measureCriticConfidence('feasibility', vague));
    expect(measureCriticConfidence('cost', specific)).toBeGreaterThan(measureCriticConfidence('cost', vague));
  });

  it('counts where the data lives against the policy critic only for frameworks with a residency control', () => {
    const gdprSomewhere = extractConstraints('Churn prediction for EU customers, GDPR, 100 requests per second.');
    const gdprInFrankfurt = extractConstraints('Churn prediction for EU customers, GDPR, data stays in eu-central-1, 100 requests per second.');
    expect(measureCriticConfidence('policy', gdprInFrankfurt)).toBeGreaterThan(measureCriticConfidence('policy', gdprSomewhere));
    const pciSomewhere = extractConstraints('Card fraud scoring, PCI DSS, 100 requests per second.');
    const pciInVirginia = extractConstraints('Card fraud scoring, PCI DSS, in us-east-1, 100 requests per second.');
    expect(measureCriticConfidence('policy', pciInVirginia)).toBe(measureCriticConfidence('policy', pciSomewhere));
  });

  it('discounts the plan when the runner-up scored almost as well', () => {
    const plan = (runnerUp: number) => ({ score: 0.9, alternatives: [{ pattern: 'other', score: runnerUp, reason: '' }] }) as unknown as ArchitecturePlan;
    expect(measurePlanConfidence(plan(0.5))).toBe(0.9);
    expect(measurePlanConfidence(plan(0.88))).toBeLessThan(0.72);
  });

  it('counts a skipped validator as half and a failed one as nothing', () => {
    const check = (status: 'passed' | 'failed' | 'skipped') => ({ name: status, status, problems: [] });
    expect(measureValidationConfidence({ ok: true, checks: [check('passed'), check('passed')] })).toBe(1);
    expect(measureValidationConfidence({ ok: true, checks: [check('passed'), check('skipped')] })).toBe(0.75);
    expect(measureValidationConfidence({ ok: false, checks: [check('passed'), check('failed')] })).toBe(0.5);
  });
});
