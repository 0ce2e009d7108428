import type { NodeFunction } from '../../../engine/workflow-definition.js';
import { measureCoverage } from '../confidence/measure-coverage.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { maxQuestionRounds, planClarifyingQuestions } from '../questions/plan-clarifying-questions.js';
import { emitAgentCard } from './emit-agent-card.js';

/**
 * Coverage check: which key constraints are settled, and the clarifying questions worth asking in
 * the next round (at most three, each with a smart default; none after the third round).
 */
export const coverageCheckNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  const constraints = state.constraints;
  if (!constraints) throw new Error('coverage check ran before intake');
  const coverage = measureCoverage(constraints);
  const round = state.questionRound + 1;
  const questions = planClarifyingQuestions(constraints, round, state.askedQuestions);
  const roundsLeft = round <= maxQuestionRounds;
  const reasonCards = await emitAgentCard(context, {
    agent: 'coverage-check',
    inputs: { round, covered: coverage.covered, uncovered: coverage.uncovered, openAmbiguities: constraints.ambiguities.length, alreadyAsked: state.askedQuestions },
    reasoning:
      questions.length > 0
        ? `${coverage.covered.length} of ${coverage.covered.length + coverage.uncovered.length} key constraints are settled; asking about the ${questions.length} unclear one(s) with the most impact on the architecture, each with a default that applies if nobody answers.`
        : !roundsLeft
          ? `Asked ${maxQuestionRounds} rounds already; planning with what is known and the smart defaults.`
          : coverage.uncovered.length > 0
            ? `Uncovered key constraints (${coverage.uncovered.join(', ')}) were already asked about or have no question; the planner uses their defaults.`
            : 'Every key constraint is settled; no questions needed.',
    decision: questions.length > 0 ? `Ask ${questions.length} question(s) in round ${round}: ${questions.map((question) => question.id).join(', ')}` : 'Proceed to planning',
    alternatives: questions.length > 0 ? [{ option: 'plan now with defaults', reason: `${coverage.uncovered.length} key constraint(s) would be guesses` }] : [],
    confidence: coverage.ratio,
  });
  return {
    pendingQuestions: questions,
    questionRound: questions.length > 0 ? round : state.questionRound,
    askedQuestions: [...state.askedQuestions, ...questions.map((question) => question.id)],
    reasonCards,
  };
};
