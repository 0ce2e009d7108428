import type { NodeFunction } from '../../../engine/workflow-definition.js';
import { measureCriticConfidence } from '../confidence/measure-critic-confidence.js';
import type { Critic } from '../critics/critic.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { reviewWithModel } from '../language-model/review-with-model.js';
import { compareFindings } from '../planner/compare-findings.js';
import { describeAgentEngine } from './describe-agent-engine.js';
import { emitAgentCard } from './emit-agent-card.js';

/** A node that runs one critic on the current plan; the three run in parallel after the planner. */
export function createCriticNode(critic: Critic): NodeFunction<MlopsArchitectStateValues> {
  return async (state, context) => {
    const { constraints, plan } = state;
    if (!constraints || !plan) throw new Error(`${critic.name} critic ran before the planner`);
    const review = await reviewWithModel(critic, constraints, plan, context.languageModel, context.signal);
    const findings = [...review.value].sort(compareFindings);
    const engine = describeAgentEngine(review);
    const blocking = findings.filter((finding) => finding.severity === 'blocking');
    const reasonCards = await emitAgentCard(context, {
      agent: `${critic.name}-critic`,
      inputs: { pattern: plan.pattern, revision: plan.revision, components: plan.components.length, ...engine.inputs },
      reasoning: [
        findings.length > 0 ? findings.map((finding) => `[${finding.severity}] ${finding.code}: ${finding.message}`).join(' ') : `No ${critic.name} issue found in revision ${plan.revision}.`,
        engine.notes,
      ]
        .filter(Boolean)
        .join(' '),
      decision:
        blocking.length > 0
          ? `Blocking: ${blocking.map((finding) => finding.code).join(', ')}`
          : findings.length > 0
            ? `Acceptable with ${findings.length} note(s): ${findings.map((finding) => finding.code).join(', ')}`
            : 'Acceptable',
      alternatives: findings.map((finding) => ({ option: finding.fix, reason: finding.code })),
      confidence: measureCriticConfidence(critic.name, constraints),
    });
    return { findingsByCritic: { [critic.name]: findings }, reasonCards };
  };
}
