import type { Constraints } from '../../../contracts/mlops-architect.js';
import type { ArchitecturePattern } from '../knowledge-base/architecture-patterns.js';
import { costUnits, type CostUnit } from '../knowledge-base/cost-units.js';
import { getCatalogueComponent } from '../knowledge-base/find-catalogue-component.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { formatCount } from './format-count.js';

/** How a plan is sized: the quantities its cost models are priced in, and a sentence per sized component. */
export interface QuantityEstimate {
  quantities: Record<CostUnit, number>;
  /** Component id → how it was sized, e.g. "20 nodes: 10,000 rps peak at ≈ 500 rps per node". */
  sizingNotes: ReadonlyMap<string, string>;
}

export interface QuantityInput {
  constraints: Constraints;
  componentIds: ReadonlySet<string>;
  servingMode: ArchitecturePattern['servingMode'];
  /** True when the planner must fit a budget: minimum nodes drop to what availability allows. */
  saving: boolean;
}

function rpsPerUnitOf(id: string): number {
  const rpsPerUnit = getCatalogueComponent(id).throughput?.rpsPerUnit;
  if (rpsPerUnit === undefined) throw new Error(`Catalogue component ${id} has no rpsPerUnit to size by`);
  return rpsPerUnit;
}

/** The fewest serving nodes the availability target allows, and why. */
function minimumServingNodes(constraints: Constraints, saving: boolean): { nodes: number; reason: string } {
  const { servingNodes } = knowledgeBase.sizing;
  const availability = constraints.availability;
  const tiers = [...servingNodes.byAvailability].sort((left, right) => right.atLeastPercent - left.atLeastPercent);
  const tier = availability === null ? undefined : tiers.find((candidate) => availability >= candidate.atLeastPercent);
  if (tier !== undefined) return { nodes: tier.nodes, reason: `${availability}% availability needs ${tier.nodes} zones` };
  if (saving) return { nodes: servingNodes.minimumWhenSaving, reason: 'no availability target, so one node to fit the budget' };
  return { nodes: servingNodes.minimum, reason: 'two nodes so a node failure or deploy keeps serving' };
}

/**
 * Turns the constraints into the quantities the catalogue prices: nodes from peak throughput and
 * availability, GPU nodes from throughput per GPU or the workload detector's estimate, requests and
 * tokens from the average load, storage and job hours from the sizing assumptions.
 */
export function estimateQuantities(input: QuantityInput): QuantityEstimate {
  const { constraints, componentIds, servingMode, saving } = input;
  const sizing = knowledgeBase.sizing;
  const hours = sizing.hoursPerMonth;
  const quantities = Object.fromEntries(costUnits.map((unit) => [unit, 0])) as Record<CostUnit, number>;
  const sizingNotes = new Map<string, string>();
  const has = (id: string): boolean => componentIds.has(id);

  const peakStated = constraints.throughputRps !== null;
  const peakRps = constraints.throughputRps ?? sizing.defaultPeakRps;
  const peakText = peakStated ? `${formatCount(peakRps)} rps peak` : `an assumed ${formatCount(peakRps)} rps peak (none stated)`;
  // Peak sizes what must exist at peak (nodes, shards); the average prices what is billed per use.
  const monthlyRequests = ((peakRps * sizing.averageLoadPercentOfPeak) / 100) * sizing.secondsPerMonth;
  quantities.million_requests = monthlyRequests / 1_000_000;

  const minimum = minimumServingNodes(constraints, saving);
  const gpuServing = has('gpu_node_pool') && servingMode !== 'scheduled';
  if (has('eks')) {
    const byThroughput = Math.ceil(peakRps / rpsPerUnitOf('eks'));
    const nodes = gpuServing ? minimum.nodes : Math.max(minimum.nodes, byThroughput);
    quantities.serving_node_hours = nodes * hours;
    sizingNotes.set(
      'eks',
      gpuServing
        ? `${nodes} CPU node${nodes === 1 ? '' : 's'} for system services (${minimum.reason}); models run on the GPU nodes`
        : nodes > byThroughput
          ? `${nodes} nodes: ${minimum.reason} (${peakText} needs ${byThroughput})`
          : `${nodes} nodes: ${peakText} at ≈ ${formatCount(rpsPerUnitOf('eks'))} rps per node`,
    );
  }

  if (has('gpu_node_pool')) {
    const server = has('llm_inference_server') ? 'llm_inference_server' : has('triton_inference_server') ? 'triton_inference_server' : null;
    const byThroughput = server !== null && peakStated ? Math.ceil(peakRps / rpsPerUnitOf(server)) : 1;
    const byEstimate = constraints.gpuEstimate?.count ?? 1;
    const highAvailability = (constraints.availability ?? 0) >= sizing.highAvailabilityPercent;
    const nodes = Math.max(byThroughput, byEstimate, highAvailability && gpuServing ? 2 : 1);
    const scheduledHours = sizing.batch.runsPerMonth * sizing.batch.hoursPerRun;
    quantities.gpu_node_hours = nodes * (gpuServing ? hours : scheduledHours);
    const basis =
      server !== null && peakStated
        ? `${peakText} at ≈ ${formatCount(rpsPerUnitOf(server))} rps per GPU`
        : constraints.gpuEstimate !== null
          ? `the workload detector's estimate of ${constraints.gpuEstimate.count}× ${constraints.gpuEstimate.accelerator}`
          : 'one GPU, the smallest step';
    sizingNotes.set('gpu_node_pool', `${nodes} one-GPU node${nodes === 1 ? '' : 's'}: ${basis}${gpuServing ? '' : `, running ${formatCount(scheduledHours)} h a month in jobs`}`);
  }

  if (has('load_balancer')) {
    const units = Math.ceil(peakRps / rpsPerUnitOf('load_balancer'));
    quantities.capacity_unit_hours = units * hours;
  }
  if (has('stream_broker')) {
    const units = Math.ceil(peakRps / rpsPerUnitOf('stream_broker'));
    quantities.stream_unit_hours = units * hours;
    sizingNotes.set('stream_broker', `${units} throughput unit${units === 1 ? '' : 's'} for ${peakText}`);
  }
  if (has('stream_processor')) {
    const units = Math.max(sizing.streaming.minimumProcessorUnits, Math.ceil(peakRps / rpsPerUnitOf('stream_processor')));
    quantities.processor_unit_hours = units * hours;
    sizingNotes.set('stream_processor', `${units} processing units for ${peakText}`);
  }
  if (has('serverless_containers')) {
    const tasks = Math.max(1, Math.ceil(peakRps / rpsPerUnitOf('serverless_containers')));
    quantities.container_task_hours = tasks * hours;
    sizingNotes.set('serverless_containers', `${tasks} task${tasks === 1 ? '' : 's'} for ${peakText}`);
  }
  if (has('lambda_inference')) {
    sizingNotes.set('lambda_inference', `≈ ${formatCount(quantities.million_requests)} million requests a month at ${sizing.averageLoadPercentOfPeak}% of ${peakText}`);
  }

  if (has('batch_scheduler')) {
    const { runsPerMonth, nodesPerRun, hoursPerRun } = sizing.batch;
    quantities.batch_node_hours = runsPerMonth * nodesPerRun * hoursPerRun;
    sizingNotes.set('batch_scheduler', `${formatCount(runsPerMonth)} runs a month × ${nodesPerRun} nodes × ${hoursPerRun} h`);
  }
  if (has('training_pipeline')) {
    const frequency = constraints.trainingFrequency ?? sizing.training.defaultFrequency;
    const runs = sizing.training.runsPerMonth[frequency];
    const onGpu = constraints.gpu === 'required';
    const perRun = onGpu ? sizing.training.hoursPerRun.gpu * (constraints.gpuEstimate?.count ?? 1) : sizing.training.hoursPerRun.cpu;
    if (onGpu) quantities.training_gpu_node_hours = runs * perRun;
    else quantities.training_cpu_node_hours = runs * perRun;
    sizingNotes.set('training_pipeline', `${formatCount(runs)} ${frequency} run${runs === 1 ? '' : 's'} a month × ${perRun} ${onGpu ? 'GPU' : 'CPU'} instance-hours`);
  }

  quantities.object_storage_gb = has('object_storage') ? sizing.objectStorageGb : 0;
  quantities.vector_storage_gb = has('vector_store') ? sizing.vectorStorageGb : 0;
  quantities.backup_gb = has('backup') ? sizing.backupGb : 0;
  quantities.warehouse_compute_hours = has('data_warehouse') ? sizing.warehouseComputeHoursPerMonth : 0;
  quantities.log_gb = sizing.baseLogGb + (monthlyRequests * sizing.sampledLogBytesPerRequest) / 1_000_000_000;
  if (has('managed_llm_api')) {
    quantities.million_llm_tokens = (monthlyRequests * sizing.llm.tokensPerRequest) / 1_000_000;
    sizingNotes.set('managed_llm_api', `≈ ${formatCount(quantities.million_llm_tokens)} million tokens a month at ${formatCount(sizing.llm.tokensPerRequest)} per request`);
  }
  if (has('embedding_service')) {
    // The corpus re-embedded once a month plus each question (≈ 100 tokens).
    quantities.million_embedding_tokens = sizing.llm.embeddingTokensMillionsPerMonth + (monthlyRequests * 100) / 1_000_000;
  }
  return { quantities, sizingNotes };
}
