import type { NodeFunction } from '../../../engine/workflow-definition.js';
import { measurePlanConfidence } from '../confidence/measure-plan-confidence.js';
import type { MlopsArchitectStateValues } from '../mlops-architect-state.js';
import { planWithModel } from '../language-model/plan-with-model.js';
import { describeAgentEngine } from './describe-agent-engine.js';
import { emitAgentCard } from './emit-agent-card.js';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** The planner: the first plan, or a revision that addresses the critics' blocking findings. */
export const plannerNode: NodeFunction<MlopsArchitectStateValues> = async (state, context) => {
  const constraints = state.constraints;
  if (!constraints) throw new Error('planner ran before intake');
  const revising = state.plan !== null;
  const planning = await planWithModel(constraints, revising ? { findings: state.findings, previous: state.plan ?? undefined } : {}, context.languageModel, context.signal);
  const plan = planning.value;
  const engine = describeAgentEngine(planning);
  const blocking = state.findings.filter((finding) => finding.severity === 'blocking');
  const reasonCards = await emitAgentCard(context, {
    agent: 'planner',
    inputs: {
      revision: plan.revision,
      ...(revising ? { previousPattern: state.plan?.pattern, findingsToAddress: blocking.map((finding) => finding.code) } : {}),
      candidates: plan.alternatives.length + 1,
      ...engine.inputs,
    },
    reasoning: [
      revising ? `Revision ${plan.revision}: addressing ${blocking.map((finding) => `${finding.code} (${finding.fix})`).join('; ')}.` : '',
      `Scored ${plan.alternatives.length + 1} patterns against the constraints; ${plan.patternName} fits best (score ${plan.score.toFixed(2)}) on ${plan.cloud.toUpperCase()} ${plan.region}.`,
      `${plan.components.length} components, estimated ${money.format(plan.estimatedMonthlyCostUsd)}/month at list prices.`,
      plan.addressedFindings.length > 0 ? `Resolves: ${plan.addressedFindings.join(', ')}.` : '',
      engine.notes,
    ]
      .filter(Boolean)
      .join(' '),
    decision: `${plan.patternName}: ${plan.components.map((component) => component.id).join(', ')}`,
    alternatives: plan.alternatives.map((alternative) => ({ option: alternative.pattern, reason: alternative.reason })),
    confidence: measurePlanConfidence(plan),
  });
  return { plan, reasonCards };
};
