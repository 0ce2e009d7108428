import type { WorkflowDefinition } from '../engine/workflow-definition.js';
import { demoStepsWorkflow } from './demo-steps/demo-steps-workflow.js';
import { helloApprovalWorkflow } from './hello-approval/hello-approval-workflow.js';
import { mlopsArchitectWorkflow } from './mlops-architect/mlops-architect-workflow.js';

/** Every workflow shipped with Agent Bus. */
export const builtInWorkflows: readonly WorkflowDefinition<never>[] = [helloApprovalWorkflow, demoStepsWorkflow, mlopsArchitectWorkflow] as never[];
