import type { GpuNeed } from '../../contracts/mlops-architect.js';
import { estimateGpuResources, type GpuEstimate, type GpuEstimateHints } from './estimate-gpu-resources.js';
import { findMlSignals, type MlSignalMatch } from './find-ml-signals.js';

/** What the detector concluded, with the signals it weighed and, when a GPU helps, how many of which kind. */
export interface MlWorkloadDetection {
  gpu: GpuNeed;
  /** Sum of the weights of the distinct signals found. */
  score: number;
  signals: MlSignalMatch[];
  estimate: GpuEstimate | null;
}

/** A score at or above this needs a GPU: e.g. PyTorch (2) + training (1), or segmentation (3). */
export const requiredScore = 3;
/** A score at or above this benefits from a GPU without needing one: e.g. BERT (2), RAG (1). */
export const optionalScore = 1;
/** One signal this strong needs a GPU by itself (vLLM, Llama, Stable Diffusion), unless CPU evidence cancels it out. */
export const decisiveWeight = 4;

/**
 * Reads a request for ML workload signals (weighted keywords, frameworks and model families, matched on word
 * boundaries) and decides whether a GPU is required, optional or not needed, with a resource estimate.
 */
export function detectMlWorkload(text: string, hints: GpuEstimateHints = {}): MlWorkloadDetection {
  const signals = findMlSignals(text);
  const score = Math.round(signals.reduce((sum, signal) => sum + signal.weight, 0) * 100) / 100;
  const strongest = signals.reduce((maximum, signal) => Math.max(maximum, signal.weight), 0);
  // "CPU only" / "no GPU" is the requester's decision; inferred needs become a conflict for the extractor to report.
  const cpuOnly = signals.some((signal) => signal.kind === 'accelerator' && signal.weight < 0);
  const gpu: GpuNeed = cpuOnly
    ? 'none'
    : score >= requiredScore || (strongest >= decisiveWeight && score >= optionalScore)
      ? 'required'
      : score >= optionalScore
        ? 'optional'
        : 'none';
  return { gpu, score, signals, estimate: gpu === 'none' ? null : estimateGpuResources(text, signals, hints) };
}
