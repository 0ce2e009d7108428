import { describe, expect, it } from 'vitest';
import { loadSharedExamples } from '../../../testing/load-shared-examples.js';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { designWithRevisions } from '../design-with-revisions.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { decideFinalGate } from './decide-final-gate.js';

const examples = loadSharedExamples();

function gateFor(text: string, reviewRequested = false) {
  const constraints = extractConstraints(text);
  const { plan, findings } = designWithRevisions(constraints);
  return decideFinalGate({ constraints, plan, findings, reviewRequested });
}

describe('decideFinalGate', () => {
  it('requires a person for a vague request (low confidence) and says why', () => {
    const decision = gateFor(examples.find((example) => example.id === 'vague')?.text ?? '');
    expect(decision.approvalRequired).toBe(true);
    expect(decision.confidence).toBeLessThan(0.75);
    expect(decision.reasons.join(' ')).toContain('below 0.75');
  });

  it('auto-approves a precise, feasible request, and requires a person when a review is asked for', () => {
    const text = 'Design an MLOps system for real-time fraud detection with sub-100ms latency, PCI DSS compliance, and auto-scaling for 10,000 requests/second, budget $20,000 a month on AWS.';
    const automatic = gateFor(text);
    expect(automatic.confidence).toBeGreaterThanOrEqual(0.75);
    expect(automatic.approvalRequired).toBe(false);
    expect(gateFor(text, true)).toMatchObject({ approvalRequired: true, reasons: ['The request asked for a review before code generation.'] });
    // The same request without a budget is less certain: the gate's confidence comes from evidence.
    const withoutBudget = gateFor(examples.find((example) => example.id === 'fraud-realtime')?.text ?? '');
    expect(withoutBudget.parts.extraction).toBeLessThan(automatic.parts.extraction);
  });

  it('computes the confidence from evidence: it differs between requests and stays within 0–1', () => {
    const confidences = examples.map((example) => gateFor(example.text).confidence);
    expect(new Set(confidences).size).toBeGreaterThanOrEqual(4);
    for (const confidence of confidences) {
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });

  it('requires a person while a compliance finding is open', () => {
    const constraints = extractConstraints(examples.find((example) => example.id === 'rag-eu')?.text ?? '');
    const plan = planArchitecture(constraints);
    const decision = decideFinalGate({ constraints, plan, findings: [{ code: 'missing_encryption', critic: 'policy', severity: 'warning', message: 'x', fix: 'y', componentIds: [] }], reviewRequested: false });
    expect(decision.approvalRequired).toBe(true);
    expect(decision.reasons.join(' ')).toContain('missing_encryption');
  });
});
