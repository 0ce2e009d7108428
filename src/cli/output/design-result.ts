import type { ArchitecturePlan, Constraints, CriticFinding, DesignDiff } from '../../contracts/mlops-architect.js';

/**
 * What `agentbus design` reports when a run exists: the one JSON object `--json` prints on stdout,
 * and what the text summary is drawn from. Paths are absolute.
 */
export interface DesignResult {
  runId: string;
  /** The run's status (`succeeded`, `failed`, `cancelled`, …). */
  status: string;
  /** `designed`, `rejected` at a gate, or null when the run did not finish. */
  outcome: 'designed' | 'rejected' | null;
  constraints: Constraints | null;
  plan: ArchitecturePlan | null;
  findings: CriticFinding[];
  confidence: number | null;
  validation: { ok: boolean; problems: number } | null;
  /** The zip written (inside `outputDir`). */
  artifact: string | null;
  outputDir: string | null;
  /** Files written into `outputDir`, the zip excluded. */
  files: number;
  diff: DesignDiff | null;
  error: { code: string; message: string } | null;
  durationMs: number;
}
