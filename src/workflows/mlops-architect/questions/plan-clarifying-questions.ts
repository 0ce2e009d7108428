import type { ApprovalQuestion } from '../../../contracts/approval.js';
import type { Constraints } from '../../../contracts/mlops-architect.js';
import { questionCatalogue } from './question-catalogue.js';

/** At most this many questions per round and this many rounds (issue 3: "0–3 per round, at most 3 rounds"). */
export const maxQuestionsPerRound = 3;
export const maxQuestionRounds = 3;

/**
 * The questions worth asking now: one per constraint that the extractor flagged as ambiguous or
 * missing, highest impact first, at most three, never one asked in an earlier round, none after the
 * third round. Each carries its smart default, so an unanswered gate still moves on.
 */
export function planClarifyingQuestions(constraints: Constraints, round: number, alreadyAsked: readonly string[]): ApprovalQuestion[] {
  if (round > maxQuestionRounds) return [];
  const asked = new Set(alreadyAsked);
  const unclear = new Map<string, string>();
  for (const ambiguity of constraints.ambiguities) if (!unclear.has(ambiguity.field)) unclear.set(ambiguity.field, ambiguity.message);
  return questionCatalogue
    .filter((question) => unclear.has(question.field) && !asked.has(question.id))
    .sort((left, right) => right.impact - left.impact || left.id.localeCompare(right.id))
    .slice(0, maxQuestionsPerRound)
    .map((question) => ({
      id: question.id,
      // The extractor's own wording says what exactly was unclear in this request (less any
      // question of its own, which would repeat this one).
      text: `${question.text} (${(unclear.get(question.field) ?? '').replace(/[^.!?]*\?\s*$/u, '').trim()})`.replace(' ()', ''),
      default: question.defaultFor(constraints),
      ...(question.choices ? { choices: [...question.choices] } : {}),
    }));
}
