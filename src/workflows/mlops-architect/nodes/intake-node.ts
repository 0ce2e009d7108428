import type { NodeFunction } from '../../../engine/workflow-definition.js';
import { measureExtractionConfidence } from '../confidence/measure-extraction-confidence.js';
import { extractConstraintsWithModel } from '../language-model/extract-constraints-with-model.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { applyAnswers } from '../questions/apply-answers.js';
import { describeConstraints } from '../constraints/describe-constraints.js';
import { describeAgentEngine } from './describe-agent-engine.js';
import { emitAgentCard } from './emit-agent-card.js';

/**
 * Constraint extraction (by the configured model, checked by the built-in extractor, or by the
 * built-in extractor alone): reads the request, then re-applies every answer given so far, so a second
 * pass after the input gate starts from the text again rather than patching the previous result.
 */
export const intakeNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  const extraction = await extractConstraintsWithModel(state.request, context.languageModel, context.signal);
  const engine = describeAgentEngine(extraction);
  let constraints = extraction.value;
  for (const answers of state.gateAnswers) constraints = applyAnswers(constraints, answers.values, answers.answeredByPerson).constraints;
  const found = Object.entries(constraints.evidence)
    .filter(([, evidence]) => evidence.span !== null)
    .map(([field, evidence]) => `${field} from "${truncate(evidence.span?.text ?? '', 60)}" (${evidence.source}, ${evidence.confidence.toFixed(2)})`);
  const answered = Object.entries(constraints.evidence).filter(([, evidence]) => evidence.source === 'answer' || evidence.source === 'default').map(([field, evidence]) => `${field} (${evidence.source})`);
  const reasonCards = await emitAgentCard(context, {
    agent: 'constraint-extraction',
    inputs: { requestCharacters: state.request.length, answerRounds: state.gateAnswers.length, ...engine.inputs },
    reasoning: [
      found.length > 0 ? `Read ${found.length} field(s) from the text: ${found.join('; ')}.` : 'The text states none of the fields the architect reads.',
      answered.length > 0 ? `From the input gate: ${answered.join(', ')}.` : '',
      constraints.ambiguities.length > 0 ? `Unclear: ${constraints.ambiguities.map((ambiguity) => ambiguity.message).join(' ')}` : 'Nothing unclear.',
      engine.notes,
    ]
      .filter(Boolean)
      .join(' '),
    decision: describeConstraints(constraints),
    alternatives: constraints.ambiguities.slice(0, 5).map((ambiguity) => ({ option: `ask about ${ambiguity.field}`, reason: ambiguity.message })),
    confidence: measureExtractionConfidence(constraints),
  });
  return { constraints, startedAt: state.startedAt ?? new Date().toISOString(), reasonCards };
};

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
