import { cloudProviders, complianceFrameworks, workloadKinds, type Constraints } from '../../../contracts/mlops-architect.js';
import { questionCatalogue, type QuestionSpecification } from './question-catalogue.js';

/** The constraints after the answers, and whether any value changed (then intake runs again). */
export interface AnsweredConstraints {
  constraints: Constraints;
  changed: boolean;
}

type Reader = (value: unknown) => unknown;

const positiveNumber: Reader = (value) => {
  const number = typeof value === 'string' ? Number(value.replace(/[,_\s$]/g, '')) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
};
const oneOf = (allowed: readonly unknown[]): Reader => (value) => (allowed.includes(value) ? value : undefined);
const listOf = (allowed: readonly string[]): Reader => (value) => {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\s]+/).filter(Boolean) : undefined;
  if (!items) return undefined;
  const known = items.map((item) => String(item).toUpperCase().replace(/[\s-]/g, '_')).map((item) => allowed.find((candidate) => candidate.toUpperCase() === item));
  return known.every((item) => item !== undefined) ? [...new Set(known as string[])].sort() : undefined;
};
const percent: Reader = (value) => {
  const number = positiveNumber(value);
  return typeof number === 'number' && number <= 100 ? number : undefined;
};
const boolean: Reader = (value) => (typeof value === 'boolean' ? value : value === 'yes' || value === 'true' ? true : value === 'no' || value === 'false' ? false : undefined);

/** How each question's answer is read into its field; anything else is rejected with a note. */
const readers: Readonly<Record<string, Reader>> = {
  workloads: listOf(workloadKinds),
  latency_ms: positiveNumber,
  throughput_rps: positiveNumber,
  compliance: listOf(complianceFrameworks),
  budget_monthly_usd: positiveNumber,
  cloud: oneOf(cloudProviders),
  training_frequency: oneOf(['continuous', 'hourly', 'daily', 'weekly', 'monthly', 'once']),
  availability_percent: percent,
  autoscaling: boolean,
};

/**
 * Applies a gate's answers to the constraints. A person's answer becomes `answer` evidence (high
 * confidence); a default applied because nobody answered stays a `default` (low confidence). An
 * answer that does not fit the question (a word where a number is needed) keeps the previous value
 * and says so in the ambiguities, because the run must go on rather than fail on a typo.
 */
export function applyAnswers(constraints: Constraints, values: Readonly<Record<string, unknown>>, answeredByPerson: boolean): AnsweredConstraints {
  const next: Constraints = { ...constraints, evidence: { ...constraints.evidence }, ambiguities: [...constraints.ambiguities] };
  let changed = false;
  for (const [questionId, rawValue] of Object.entries(values)) {
    const question = questionCatalogue.find((candidate) => candidate.id === questionId);
    const reader = readers[questionId];
    if (!question || !reader) continue;
    const value = reader(rawValue);
    if (value === undefined) {
      next.ambiguities.push({ field: question.field, message: `The answer ${JSON.stringify(rawValue)} to "${question.text}" was not understood; kept the earlier value.` });
      continue;
    }
    const previous = next[question.field];
    if (JSON.stringify(previous) !== JSON.stringify(value)) changed = true;
    setField(next, question, value);
    next.evidence[question.field] = {
      span: null,
      confidence: answeredByPerson ? 0.95 : 0.3,
      source: answeredByPerson ? 'answer' : 'default',
      note: answeredByPerson ? `Answered at the input gate: ${JSON.stringify(rawValue)}.` : 'Not answered at the input gate (defaults accepted, or the deadline passed); the smart default applied.',
    };
    next.ambiguities = next.ambiguities.filter((ambiguity) => ambiguity.field !== question.field);
  }
  return { constraints: next, changed };
}

function setField(constraints: Constraints, question: QuestionSpecification, value: unknown): void {
  (constraints as Record<string, unknown>)[question.field] = value;
}
