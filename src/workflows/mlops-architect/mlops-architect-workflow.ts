import { END, START, StateGraph } from '@langchain/langgraph';
import { mlopsArchitectInputSchema, type MlopsArchitectInput, type MlopsArchitectOutput } from '../../contracts/mlops-architect.js';
import type { WorkflowDefinition } from '../../engine/workflow-definition.js';
import { costCritic } from './critics/cost-critic.js';
import { feasibilityCritic } from './critics/feasibility-critic.js';
import { policyCritic } from './critics/policy-critic.js';
import { MlopsArchitectState, type MlopsArchitectStateValues as State } from './mlops-architect-state.js';
import { codegenNode } from './nodes/codegen-node.js';
import { coverageCheckNode } from './nodes/coverage-check-node.js';
import { createCriticNode } from './nodes/create-critic-node.js';
import { finalGateNode } from './nodes/final-gate-node.js';
import { finalReviewNode } from './nodes/final-review-node.js';
import { inputGateNode } from './nodes/input-gate-node.js';
import { intakeNode } from './nodes/intake-node.js';
import { packageNode } from './nodes/package-node.js';
import { plannerNode } from './nodes/planner-node.js';
import { rationaleNode } from './nodes/rationale-node.js';
import { needsRevision, revisionCheckNode } from './nodes/revision-check-node.js';
import { warmUpTerraformParser } from './validators/parse-terraform-files.js';
import { validatorsNode } from './nodes/validators-node.js';

const criticNodes = ['feasibility_critic', 'policy_critic', 'cost_critic'] as const;

/**
 * The MLOps Architect: a plain-language request in; a critiqued architecture and a validated,
 * zipped repository out. intake → coverage check → (input gate → intake while answers change the
 * constraints) → planner → three critics in parallel → revision check (→ planner, at most twice) →
 * final review → (final gate) → code generation → validators → rationale → package.
 */
export const mlopsArchitectWorkflow: WorkflowDefinition<MlopsArchitectInput> = {
  name: 'mlops-architect',
  version: 1,
  description: 'Turns plain-language ML requirements into a critiqued architecture and a validated repository (Terraform, service, CI/CD, monitoring, compliance docs), zipped.',
  inputSchema: mlopsArchitectInputSchema,
  prepare: warmUpTerraformParser,
  createGraph(defineNode) {
    return new StateGraph(MlopsArchitectState)
      .addNode('intake', defineNode<State>('intake', intakeNode))
      .addNode('coverage_check', defineNode<State>('coverage_check', coverageCheckNode))
      .addNode('input_gate', defineNode<State>('input_gate', inputGateNode))
      .addNode('planner', defineNode<State>('planner', plannerNode))
      .addNode('feasibility_critic', defineNode<State>('feasibility_critic', createCriticNode(feasibilityCritic)))
      .addNode('policy_critic', defineNode<State>('policy_critic', createCriticNode(policyCritic)))
      .addNode('cost_critic', defineNode<State>('cost_critic', createCriticNode(costCritic)))
      .addNode('revision_check', defineNode<State>('revision_check', revisionCheckNode))
      .addNode('final_review', defineNode<State>('final_review', finalReviewNode))
      .addNode('final_gate', defineNode<State>('final_gate', finalGateNode))
      .addNode('codegen', defineNode<State>('codegen', codegenNode))
      .addNode('validators', defineNode<State>('validators', validatorsNode))
      .addNode('rationale', defineNode<State>('rationale', rationaleNode))
      .addNode('package', defineNode<State>('package', packageNode))
      .addEdge(START, 'intake')
      .addEdge('intake', 'coverage_check')
      .addConditionalEdges('coverage_check', (state: State) => (state.pendingQuestions.length > 0 ? 'input_gate' : 'planner'), ['input_gate', 'planner'])
      .addConditionalEdges('input_gate', (state: State) => (state.outcome === 'rejected' ? END : state.answersChangedConstraints ? 'intake' : 'planner'), ['intake', 'planner', END])
      .addEdge('planner', 'feasibility_critic')
      .addEdge('planner', 'policy_critic')
      .addEdge('planner', 'cost_critic')
      .addEdge([...criticNodes], 'revision_check')
      .addConditionalEdges('revision_check', (state: State) => (needsRevision(state) ? 'planner' : 'final_review'), ['planner', 'final_review'])
      .addConditionalEdges('final_review', (state: State) => (state.finalGate?.approvalRequired ? 'final_gate' : 'codegen'), ['final_gate', 'codegen'])
      .addConditionalEdges('final_gate', (state: State) => (state.outcome === 'rejected' ? END : 'codegen'), ['codegen', END])
      .addEdge('codegen', 'validators')
      .addEdge('validators', 'rationale')
      .addEdge('rationale', 'package')
      .addEdge('package', END);
  },
  outputOf(state): MlopsArchitectOutput {
    const final = state as State;
    if (!final.constraints) throw new Error('the design ended before intake');
    const problems = final.validation?.checks.reduce((total, check) => total + check.problems.length, 0) ?? 0;
    return {
      outcome: final.outcome,
      constraints: final.constraints,
      plan: final.plan,
      findings: final.findings,
      confidence: final.confidence,
      questionRounds: final.questionRound,
      revisions: final.plan?.revision ?? 0,
      reviews: final.reviewedPlans,
      finalGate: final.finalGate,
      validation: final.validation ? { ok: final.validation.ok, problems } : null,
      artifact: final.artifact,
      diff: final.diff,
    };
  },
};
