import type { ArchitecturePlan, Constraints, CriticFinding } from '../../../contracts/mlops-architect.js';

/** An agent's reason card as DECISIONS.md shows it. */
export interface RepositoryReasonCard {
  agent: string;
  decision: string;
  reasoning: string;
  confidence: number;
}

/** Everything the code generator renders a repository from; `generatedAt` is injected so output is reproducible. */
export interface RepositoryInput {
  requestText: string;
  constraints: Constraints;
  plan: ArchitecturePlan;
  findings: readonly CriticFinding[];
  reasonCards?: readonly RepositoryReasonCard[];
  /** ISO timestamp written into the docs; the generator never reads the clock. */
  generatedAt: string;
}
