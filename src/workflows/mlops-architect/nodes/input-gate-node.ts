import type { NodeFunction } from '../../../engine/workflow-definition.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { applyAnswers } from '../questions/apply-answers.js';
import { describeConstraints } from '../constraints/describe-constraints.js';

/**
 * The input gate: an approval carrying the round's questions. Answers (or, at the deadline, the
 * defaults) are applied; when they change a constraint the workflow goes back to intake. Nothing
 * runs before `requestApproval`, since the node re-runs from its top when the run resumes.
 */
export const inputGateNode: NodeFunction<MlopsArchitectStateValues> = (state, context) => {
  const constraints = state.constraints;
  if (!constraints) throw new Error('input gate ran before intake');
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
  const answers = { values: outcome.values, answeredByPerson: !outcome.auto };
  const applied = applyAnswers(constraints, answers.values, answers.answeredByPerson);
  return {
    gateAnswers: [...state.gateAnswers, answers],
    constraints: applied.constraints,
    answersChangedConstraints: applied.changed,
    pendingQuestions: [],
  };
};
