import type { ApprovalOutcome } from '../../../contracts/approval.js';
import type { Constraints } from '../../../contracts/mlops-architect.js';
import type { NodeFunction } from '../../../engine/workflow-definition.js';
import type { GateAnswers, MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { applyAnswers } from '../questions/apply-answers.js';
import { describeConstraints } from '../constraints/describe-constraints.js';

/**
 * The input gate: an approval carrying the round's questions. Answers (or, at the deadline, the
 * defaults) are applied; when they change a constraint the workflow goes back to intake. Nothing
 * runs before `requestApproval`, since the node re-runs from its top when the run resumes.
 */
export const inputGateNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  const constraints = state.constraints;
  if (!constraints) throw new Error('input gate ran before intake');
  if (state.acceptDefaults) {
    // Nobody is asked: the defaults apply as if the deadline had passed, and an event says which.
    const values = Object.fromEntries(state.pendingQuestions.map((question) => [question.id, question.default]));
    await context.emitEvent('defaults-accepted', { round: state.questionRound, values });
    return applyGateOutcome(state, constraints, { values, answered: [], auto: true });
  }
  const outcome = context.requestApproval({
    gate: `clarifying-questions-${state.questionRound}`,
    reason: `Round ${state.questionRound}: ${state.pendingQuestions.length} clarifying question(s) about the requirements. Unanswered questions take their defaults.`,
    reasonCategory: 'input',
    payload: { round: state.questionRound, understoodSoFar: describeConstraints(constraints) },
    questions: state.pendingQuestions,
    timeoutSeconds: state.questionTimeoutSeconds,
    timeoutOutcome: { decision: 'answer' },
  });
  if (outcome.decision === 'reject') return { outcome: 'rejected', pendingQuestions: [] };
  return applyGateOutcome(state, constraints, outcome);
};

/** Applies a gate's values: the ones a person answered as answers, the rest as accepted defaults. */
function applyGateOutcome(state: MlopsArchitectStateValues, constraints: Constraints, outcome: Pick<ApprovalOutcome, 'values' | 'answered' | 'auto'>): Partial<MlopsArchitectStateValues> {
  // Only the questions the decision answered are a person's answers; the rest took their defaults
  // (`agentbus design --yes`, an approve without values, the deadline), which stay low-confidence.
  const answered = new Set(outcome.auto ? [] : (outcome.answered ?? []));
  const entries = Object.entries(outcome.values);
  const rounds: GateAnswers[] = [
    { values: Object.fromEntries(entries.filter(([id]) => answered.has(id))), answeredByPerson: true },
    { values: Object.fromEntries(entries.filter(([id]) => !answered.has(id))), answeredByPerson: false },
  ].filter((round) => Object.keys(round.values).length > 0);
  let changed = false;
  let updated = constraints;
  for (const round of rounds) {
    const applied = applyAnswers(updated, round.values, round.answeredByPerson);
    updated = applied.constraints;
    changed ||= applied.changed;
  }
  return {
    gateAnswers: [...state.gateAnswers, ...rounds],
    constraints: updated,
    answersChangedConstraints: changed,
    pendingQuestions: [],
  };
}
