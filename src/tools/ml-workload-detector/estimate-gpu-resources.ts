import type { CloudProvider } from '../../contracts/mlops-architect.js';
import type { MlSignalMatch } from './find-ml-signals.js';
import { findVideoLoad } from './find-video-load.js';
import { findWeightPrecision } from './find-weight-precision.js';
import { acceleratorsByCloud, usableMemoryShare, type Accelerator, type AcceleratorTier } from './gpu-accelerators.js';
import { parseModelSize } from './parse-model-size.js';
import { sizeLlm } from './size-llm.js';
import { profilePriority, workloadSizing } from './workload-sizing.js';

/** The detector's resource estimate; `memoryGb` is what one replica (or one training job) needs. */
export interface GpuEstimate {
  accelerator: string;
  count: number;
  memoryGb: number;
  reason: string;
}

/** Facts read elsewhere in the request that sharpen the estimate. */
export interface GpuEstimateHints {
  /** Peak requests per second, when stated: sets the number of replicas. */
  throughputRps?: number | null;
  /** Names the instance family; AWS when not given. */
  cloud?: CloudProvider;
}

const tierOrder: readonly AcceleratorTier[] = ['small', 'medium', 'large'];

interface Placement {
  accelerator: Accelerator;
  gpusPerReplica: number;
}

/** The smallest card of at least `minimumTier` that holds `memoryGb`; beyond one large card, a power-of-two group (tensor parallelism). */
function placeModel(memoryGb: number, minimumTier: AcceleratorTier, cloud: CloudProvider): Placement {
  const accelerators = acceleratorsByCloud[cloud];
  for (const tier of tierOrder.slice(tierOrder.indexOf(minimumTier))) {
    const accelerator = accelerators[tier];
    if (memoryGb <= accelerator.memoryGb * usableMemoryShare) return { accelerator, gpusPerReplica: 1 };
  }
  const large = accelerators.large;
  const needed = Math.ceil(memoryGb / (large.memoryGb * usableMemoryShare));
  return { accelerator: large, gpusPerReplica: 2 ** Math.ceil(Math.log2(needed)) };
}

function describe(count: number, accelerator: Accelerator): string {
  return `${count}× ${accelerator.name}, ${accelerator.memoryGb} GB`;
}

interface Sized {
  placement: Placement;
  replicas: number;
  memoryGb: number;
  reason: string;
}

function totalMemory(sized: Sized): number {
  return sized.placement.gpusPerReplica * sized.replicas * sized.placement.accelerator.memoryGb;
}

function sizeLanguageModel(text: string, signals: readonly MlSignalMatch[], hints: GpuEstimateHints, cloud: CloudProvider, training: boolean): Sized[] {
  const stated = parseModelSize(text);
  const family = signals.find((signal) => signal.kind === 'model_family')?.term ?? null;
  const precision = findWeightPrecision(text);
  const subject = family ?? 'LLM';
  const sizeText = (billions: number, assumed: boolean) => `${subject} ${billions}B${assumed ? ' (size not stated, assumed)' : ''}`;
  const serving = sizeLlm({ billions: stated?.billions ?? null, family, bytesPerParameter: precision.bytesPerParameter, training: false });
  const servingPlacement = placeModel(serving.memoryGb, 'medium', cloud);
  const rps = hints.throughputRps ?? null;
  const replicas = rps !== null && rps > 0 ? Math.ceil(rps / serving.requestsPerSecondPerReplica) : 1;
  const servingLoad =
    rps !== null && rps > 0
      ? `${rps} req/s at ~${serving.requestsPerSecondPerReplica} req/s per replica (continuous batching, ~250 output tokens) → ${replicas} replicas`
      : 'one replica (no load stated)';
  const results: Sized[] = [
    {
      placement: servingPlacement,
      replicas,
      memoryGb: serving.memoryGb,
      reason: `serving ${sizeText(serving.billions, serving.assumedSize)} in ${precision.label}: ~${serving.weightsGb} GB of weights + 20% KV cache ≈ ${serving.memoryGb} GB per replica on ${describe(servingPlacement.gpusPerReplica, servingPlacement.accelerator)}; ${servingLoad}`,
    },
  ];
  if (training) {
    const tuning = sizeLlm({ billions: stated?.billions ?? null, family, bytesPerParameter: 2, training: true });
    const placement = placeModel(tuning.memoryGb, 'medium', cloud);
    results.push({
      placement,
      replicas: 1,
      memoryGb: tuning.memoryGb,
      reason: `LoRA fine-tuning ${sizeText(tuning.billions, tuning.assumedSize)}: fp16 weights + adapters and activations ≈ ${tuning.memoryGb} GB on ${describe(placement.gpusPerReplica, placement.accelerator)}`,
    });
  }
  return results;
}

function sizeOtherModel(text: string, profile: keyof typeof workloadSizing, hints: GpuEstimateHints, cloud: CloudProvider, training: boolean): Sized[] {
  const sizing = workloadSizing[profile] ?? workloadSizing.deep_learning;
  if (sizing === undefined) return [];
  const video = profile.startsWith('vision') ? findVideoLoad(text) : null;
  const demand = video !== null ? video.streams * video.framesPerSecond : (hints.throughputRps ?? null);
  const replicas = demand !== null && demand > 0 ? Math.ceil(demand / sizing.unitsPerSecond) : 1;
  const demandText =
    video !== null
      ? `${video.streams} streams × ${video.framesPerSecond} fps${video.assumedRate ? ' (rate not stated, assumed)' : ''} = ${demand} ${sizing.unit}/s`
      : demand !== null && demand > 0
        ? `${demand} ${sizing.unit}/s`
        : 'no load stated, so one replica';
  const placement = placeModel(sizing.memoryGb, sizing.tier, cloud);
  const results: Sized[] = [
    {
      placement,
      replicas,
      memoryGb: sizing.memoryGb,
      reason: `serving ${sizing.label}: ${demandText} (~${sizing.unitsPerSecond} ${sizing.unit}/s per GPU) → ${describe(replicas * placement.gpusPerReplica, placement.accelerator)}`,
    },
  ];
  if (training) {
    const trainingPlacement = placeModel(sizing.trainingMemoryGb, sizing.trainingTier, cloud);
    results.push({
      placement: trainingPlacement,
      replicas: 1,
      memoryGb: sizing.trainingMemoryGb,
      reason: `training the ${sizing.label} model: ~${sizing.trainingMemoryGb} GB on ${describe(trainingPlacement.gpusPerReplica, trainingPlacement.accelerator)} (scale out with data parallelism if epochs are too slow)`,
    });
  }
  return results;
}

/**
 * Sizes the GPUs for the strongest workload profile among the signals: LLMs from their parameter count and
 * precision, vision from streams × fps or the stated load, others from per-GPU rates in workload-sizing.ts.
 * When both training and serving are present, the larger of the two (by total GPU memory) is the estimate
 * and the reason gives both.
 */
export function estimateGpuResources(text: string, signals: readonly MlSignalMatch[], hints: GpuEstimateHints = {}): GpuEstimate {
  const cloud = hints.cloud ?? 'aws';
  const positive = signals.filter((signal) => signal.weight > 0);
  const training = positive.some((signal) => signal.profile === 'training');
  const profile = profilePriority.find((candidate) => candidate !== 'training' && positive.some((signal) => signal.profile === candidate)) ?? 'deep_learning';
  const llmIsOnlyRetrieval = profile === 'llm' && positive.every((signal) => signal.profile !== 'llm' || signal.term === 'RAG' || signal.term === 'chatbot');
  const sized =
    profile === 'llm'
      ? sizeLanguageModel(text, positive.filter((signal) => signal.profile === 'llm'), hints, cloud, training && positive.some((signal) => signal.term === 'fine-tuning'))
      : sizeOtherModel(text, profile, hints, cloud, training);
  const chosen = sized.reduce((largest, candidate) => (totalMemory(candidate) > totalMemory(largest) ? candidate : largest));
  const count = chosen.placement.gpusPerReplica * chosen.replicas;
  const hostedNote = llmIsOnlyRetrieval ? ' Only if the LLM is self-hosted; a hosted LLM API needs no GPU of ours.' : '';
  return {
    accelerator: chosen.placement.accelerator.name,
    count,
    memoryGb: Math.max(0.1, Math.round(chosen.memoryGb * 10) / 10),
    reason: `${sized.map((item) => item.reason).join('; ')}.${hostedNote}`,
  };
}
