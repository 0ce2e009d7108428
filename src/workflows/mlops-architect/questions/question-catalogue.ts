import { cloudProviders, complianceFrameworks, workloadKinds, type Constraints } from '../../../contracts/mlops-architect.js';
import { planArchitecture } from '../planner/plan-architecture.js';

/** A constraint a clarifying question can settle, with its smart default and how much it matters. */
export interface QuestionSpecification {
  /** The constraint field the answer sets. */
  field: keyof Omit<Constraints, 'evidence' | 'ambiguities'>;
  /** The question id (approval questions: lower_snake_case). */
  id: string;
  text: string;
  /**
   * How much the answer can change the architecture (pattern choice, sizing, controls): the
   * questions a round asks are the three with the highest impact.
   */
  impact: number;
  choices?: readonly unknown[];
  /** The answer used when nobody answers, derived from what the request does say. */
  defaultFor(constraints: Constraints): unknown;
}

function roundUpToTwoSignificantDigits(value: number): number {
  if (value <= 0) return 100;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(value)) - 1);
  return Math.ceil(value / unit) * unit;
}

const interactive = (constraints: Constraints) => constraints.workloads.some((kind) => kind === 'online_inference' || kind === 'llm_serving' || kind === 'rag');

/** Every question the architect can ask, keyed by the constraint it settles. */
export const questionCatalogue: readonly QuestionSpecification[] = [
  {
    field: 'workloads',
    id: 'workloads',
    text: 'What should the system do? Pick all that apply.',
    impact: 10,
    choices: workloadKinds,
    // Most "ML in production" requests mean serving a model behind an API.
    defaultFor: () => ['online_inference'],
  },
  {
    field: 'latencyMs',
    id: 'latency_ms',
    text: 'What p99 response time is needed, in milliseconds?',
    impact: 8,
    // Interactive products tolerate about 200 ms; token streaming measures time to first token. A
    // service that sees less than a request a second, or has a small budget, gets 1 s: a guess must
    // not rule out scale-to-zero (cold starts) for traffic that never keeps an instance warm.
    defaultFor: (constraints) =>
      constraints.workloads.includes('llm_serving') || (constraints.throughputRps !== null && constraints.throughputRps < 1) || (constraints.budgetMonthlyUsd !== null && constraints.budgetMonthlyUsd < 500)
        ? 1000
        : constraints.workloads.includes('streaming')
          ? 500
          : 200,
  },
  {
    field: 'throughputRps',
    id: 'throughput_rps',
    text: 'What is the peak load, in requests or events per second?',
    impact: 7,
    defaultFor: (constraints) => (constraints.workloads.includes('streaming') ? 1000 : interactive(constraints) ? 50 : 10),
  },
  {
    field: 'compliance',
    id: 'compliance',
    text: 'Which compliance frameworks apply to the data? Leave empty for none.',
    impact: 6,
    choices: complianceFrameworks,
    defaultFor: (constraints) => constraints.compliance,
  },
  {
    field: 'budgetMonthlyUsd',
    id: 'budget_monthly_usd',
    text: 'What is the monthly infrastructure budget, in US dollars?',
    impact: 5,
    // What the plan for these constraints would cost, with 20 % headroom, rounded up to two
    // significant digits: a guess that neither forces a cheaper revision nor hides a costly design.
    defaultFor: (constraints) => roundUpToTwoSignificantDigits(planArchitecture(constraints).estimatedMonthlyCostUsd * 1.2),
  },
  {
    field: 'cloud',
    id: 'cloud',
    text: 'Which cloud should it run on?',
    impact: 4,
    choices: cloudProviders,
    defaultFor: (constraints) => constraints.cloud,
  },
  {
    field: 'trainingFrequency',
    id: 'training_frequency',
    text: 'How often must the model be retrained?',
    impact: 3,
    choices: ['continuous', 'hourly', 'daily', 'weekly', 'monthly', 'once'],
    defaultFor: () => 'weekly',
  },
  {
    field: 'availability',
    id: 'availability_percent',
    text: 'What availability target, in percent (e.g. 99.9)?',
    impact: 2,
    defaultFor: () => 99.9,
  },
  {
    field: 'autoscaling',
    id: 'autoscaling',
    text: 'Should capacity scale automatically with load?',
    impact: 2,
    choices: [true, false],
    defaultFor: () => true,
  },
];
