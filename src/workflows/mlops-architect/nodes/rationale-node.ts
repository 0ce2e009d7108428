import type { NodeFunction } from '../../../engine/workflow-definition.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { writeRationaleWithModel } from '../language-model/write-rationale-with-model.js';
import { writeRationale } from '../rationale/write-rationale.js';
import { describeAgentEngine } from './describe-agent-engine.js';
import { emitAgentCard } from './emit-agent-card.js';

/** The rationale: docs/RATIONALE.md explaining the design from the reason cards, findings and revisions. */
export const rationaleNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  const { constraints, plan, repository } = state;
  if (!constraints || !plan || !repository) throw new Error('rationale ran before code generation');
  const builtinRationale = writeRationale({ constraints, plan, findings: state.findings, reviewedPlans: state.reviewedPlans, reasonCards: state.reasonCards, confidence: state.confidence });
  const written = await writeRationaleWithModel({ constraints, plan, findings: state.findings, builtinRationale }, context.languageModel, context.signal);
  const rationale = written.value;
  const engine = describeAgentEngine(written);
  const cards = state.reasonCards;
  // The rationale is as sure as the decisions it explains.
  const confidence = cards.length === 0 ? 0 : Math.round((cards.reduce((total, card) => total + card.confidence, 0) / cards.length) * 100) / 100;
  const reasonCards = await emitAgentCard(context, {
    agent: 'rationale',
    inputs: { reasonCards: cards.length, revisions: state.reviewedPlans.length - 1, openFindings: state.findings.length, ...engine.inputs },
    reasoning: `Explained the choice of ${plan.patternName} against ${plan.alternatives.length} alternatives, ${state.reviewedPlans.length} critic review(s), ${state.findings.length} open finding(s) and the assumptions behind ${Object.values(constraints.evidence).filter((evidence) => evidence.source === 'default').length} defaulted field(s).${engine.notes ? ` ${engine.notes}` : ''}`,
    decision: 'Wrote docs/RATIONALE.md',
    alternatives: [],
    confidence,
  });
  return { repository: { ...repository, 'docs/RATIONALE.md': rationale }, reasonCards };
};
