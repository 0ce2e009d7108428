import { describe, expect, it } from 'vitest';
import { approvalQuestionSchema } from '../../../contracts/approval.js';
import { constraintsSchema } from '../../../contracts/mlops-architect.js';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { applyAnswers } from './apply-answers.js';
import { maxQuestionRounds, planClarifyingQuestions } from './plan-clarifying-questions.js';

const vague = 'We want to do machine learning in production, what should we build?';
const complete = 'Design an MLOps system for real-time fraud detection with sub-100ms latency, PCI DSS compliance, and auto-scaling for 10,000 requests/second, budget $20,000 a month on AWS.';

describe('planClarifyingQuestions', () => {
  it('asks at most three questions, the most consequential first, each with a default', () => {
    const questions = planClarifyingQuestions(extractConstraints(vague), 1, []);
    expect(questions.map((question) => question.id)).toEqual(['workloads', 'latency_ms', 'throughput_rps']);
    for (const question of questions) {
      approvalQuestionSchema.parse(question);
      expect(question.default).not.toBeUndefined();
    }
    expect(questions[0]?.choices).toContain('online_inference');
  });

  it('never repeats a question from an earlier round and stops after the third round', () => {
    const constraints = extractConstraints(vague);
    const first = planClarifyingQuestions(constraints, 1, []);
    const second = planClarifyingQuestions(constraints, 2, first.map((question) => question.id));
    expect(second.map((question) => question.id).filter((id) => first.some((question) => question.id === id))).toEqual([]);
    expect(second.length).toBeGreaterThan(0);
    expect(planClarifyingQuestions(constraints, maxQuestionRounds + 1, [])).toEqual([]);
  });

  it('asks nothing about a request that states what matters', () => {
    const questions = planClarifyingQuestions(extractConstraints(complete), 1, []);
    expect(questions.map((question) => question.id)).not.toContain('latency_ms');
    expect(questions.map((question) => question.id)).not.toContain('throughput_rps');
    expect(questions.length).toBeLessThanOrEqual(1);
  });

  it('derives smart defaults from what the request does say', () => {
    const llm = extractConstraints('Serve a fine-tuned Llama 3 8B model with vLLM for our chat product.');
    const latency = planClarifyingQuestions(llm, 1, []).find((question) => question.id === 'latency_ms');
    expect(latency?.default).toBe(1000);
  });
});

describe('applyAnswers', () => {
  it("turns a person's answers into high-confidence constraints and reports the change", () => {
    const constraints = extractConstraints(vague);
    const { constraints: answered, changed } = applyAnswers(constraints, { workloads: ['online_inference'], latency_ms: '150', throughput_rps: 2000 }, true);
    expect(changed).toBe(true);
    expect(answered).toMatchObject({ workloads: ['online_inference'], latencyMs: 150, throughputRps: 2000 });
    expect(answered.evidence.latencyMs).toMatchObject({ source: 'answer', confidence: 0.95 });
    expect(answered.ambiguities.map((ambiguity) => ambiguity.field)).not.toContain('latencyMs');
    constraintsSchema.parse(answered);
  });

  it('records defaults applied at the deadline as low-confidence defaults', () => {
    const constraints = extractConstraints(vague);
    const defaults = Object.fromEntries(planClarifyingQuestions(constraints, 1, []).map((question) => [question.id, question.default]));
    const { constraints: answered } = applyAnswers(constraints, defaults, false);
    expect(answered.evidence.workloads).toMatchObject({ source: 'default', confidence: 0.3 });
  });

  it('keeps the earlier value and says so when an answer does not fit the question', () => {
    const constraints = extractConstraints(vague);
    const { constraints: answered, changed } = applyAnswers(constraints, { latency_ms: 'fast please', compliance: ['HIPPA'] }, true);
    expect(changed).toBe(false);
    expect(answered.latencyMs).toBeNull();
    expect(answered.ambiguities.some((ambiguity) => ambiguity.message.includes('"fast please"'))).toBe(true);
    expect(answered.ambiguities.some((ambiguity) => ambiguity.message.includes('HIPPA'))).toBe(true);
  });

  it('reports no change when the answers confirm what was known', () => {
    const constraints = extractConstraints(complete);
    expect(applyAnswers(constraints, { latency_ms: 100, cloud: 'aws' }, true).changed).toBe(false);
  });
});
