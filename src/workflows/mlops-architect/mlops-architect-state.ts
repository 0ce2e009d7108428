import { Annotation } from '@langchain/langgraph';
import type { ApprovalQuestion } from '../../contracts/approval.js';
import type { ArchitecturePlan, Constraints, CriticFinding, DesignDiff, MlopsArchitectOutput } from '../../contracts/mlops-architect.js';
import type { RepositoryReasonCard } from './codegen/repository-input.js';
import type { ValidationReport } from './validators/validation-report.js';

/** Answers given at an input gate, in order; intake re-applies them to a fresh extraction. */
export interface GateAnswers {
  values: Record<string, unknown>;
  /** False when the deadline passed and the smart defaults applied. */
  answeredByPerson: boolean;
}

/** One plan the critics reviewed: every revision stays visible. */
export interface ReviewedPlan {
  revision: number;
  pattern: string;
  estimatedMonthlyCostUsd: number;
  findingCodes: string[];
  blocking: number;
}

const replace = <Value>(initial: () => Value) => Annotation<Value>({ reducer: (_previous, next) => next, default: initial });

/**
 * The MLOps Architect's state. Every key is declared (LangGraph drops undeclared keys silently).
 * The generated repository lives in state between code generation and packaging (a few hundred
 * KiB, written to the checkpoint once); everything else is small.
 */
export const MlopsArchitectState = Annotation.Root({
  // Input
  request: Annotation<string>(),
  project: Annotation<string>(),
  review: Annotation<boolean>(),
  questionTimeoutSeconds: Annotation<number>(),
  acceptDefaults: Annotation<boolean>(),
  finalGateTimeoutSeconds: Annotation<number | undefined>(),
  generatedAt: Annotation<string | undefined>(),
  // Intake and questions
  startedAt: replace<string | null>(() => null),
  constraints: replace<Constraints | null>(() => null),
  gateAnswers: replace<GateAnswers[]>(() => []),
  askedQuestions: replace<string[]>(() => []),
  questionRound: replace<number>(() => 0),
  pendingQuestions: replace<ApprovalQuestion[]>(() => []),
  answersChangedConstraints: replace<boolean>(() => false),
  // Design
  plan: replace<ArchitecturePlan | null>(() => null),
  /** Each critic's findings on the current plan; critics run in parallel, so updates merge by critic. */
  findingsByCritic: Annotation<Partial<Record<CriticFinding['critic'], CriticFinding[]>>>({ reducer: (previous, next) => ({ ...previous, ...next }), default: () => ({}) }),
  findings: replace<CriticFinding[]>(() => []),
  reviewedPlans: replace<ReviewedPlan[]>(() => []),
  finalGate: replace<MlopsArchitectOutput['finalGate']>(() => null),
  confidence: replace<number>(() => 0),
  outcome: replace<MlopsArchitectOutput['outcome']>(() => 'designed'),
  /** The cards so far, for DECISIONS.md and the rationale (critics append in parallel). */
  reasonCards: Annotation<RepositoryReasonCard[]>({ reducer: (previous, next) => [...previous, ...next], default: () => [] }),
  // Repository
  repository: replace<Record<string, string> | null>(() => null),
  validation: replace<ValidationReport | null>(() => null),
  artifact: replace<MlopsArchitectOutput['artifact']>(() => null),
  diff: replace<DesignDiff | null>(() => null),
});

export type MlopsArchitectStateValues = typeof MlopsArchitectState.State;
