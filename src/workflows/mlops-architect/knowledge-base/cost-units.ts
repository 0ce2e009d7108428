/**
 * The quantities a component's monthly cost model is priced in. The planner estimates each one from
 * the constraints (see `sizing-assumptions.json`); a rate multiplies its price by one of them.
 */
export const costUnits = [
  /** CPU nodes (4 vCPU, 16 GB) × hours they run. */
  'serving_node_hours',
  /** One-GPU nodes × hours they run. */
  'gpu_node_hours',
  /** Requests per month, in millions, at the average load. */
  'million_requests',
  /** Load balancer capacity units (≈ 1,000 rps each) × hours. */
  'capacity_unit_hours',
  /** Stream throughput units (≈ 1 MB/s, 1,000 events/s each) × hours. */
  'stream_unit_hours',
  /** Stream processor units (Flink KPU, Dataflow worker, Stream Analytics SU) × hours. */
  'processor_unit_hours',
  /** Batch job nodes × hours per month. */
  'batch_node_hours',
  /** CPU training instance hours per month. */
  'training_cpu_node_hours',
  /** GPU training instance hours per month. */
  'training_gpu_node_hours',
  /** Object storage, GB-month. */
  'object_storage_gb',
  /** Vector store disk, GB-month. */
  'vector_storage_gb',
  /** Backup vault storage, GB-month. */
  'backup_gb',
  /** Log ingestion, GB per month. */
  'log_gb',
  /** Warehouse compute hours per month. */
  'warehouse_compute_hours',
  /** Tokens through a managed LLM API, in millions per month. */
  'million_llm_tokens',
  /** Tokens through an embedding API, in millions per month. */
  'million_embedding_tokens',
  /** Serverless container tasks (1 vCPU, 2 GB) × hours. */
  'container_task_hours',
] as const;

export type CostUnit = (typeof costUnits)[number];
