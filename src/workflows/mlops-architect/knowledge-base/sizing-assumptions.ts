import { z } from 'zod';
import sizingFile from './sizing-assumptions.json' with { type: 'json' };

const trainingFrequencies = ['continuous', 'hourly', 'daily', 'weekly', 'monthly', 'once'] as const;

const sizingAssumptionsSchema = z.strictObject({
  version: z.string().min(1),
  note: z.string().min(1),
  hoursPerMonth: z.number().int().positive(),
  secondsPerMonth: z.number().int().positive(),
  averageLoadPercentOfPeak: z.number().int().min(1).max(100),
  defaultPeakRps: z.number().positive(),
  highThroughputRps: z.number().positive(),
  /** A plan costing more than this share of its budget is at risk: estimates are rough. */
  budgetAtRiskPercent: z.number().int().min(1).max(100),
  servingNodes: z.strictObject({
    minimum: z.number().int().positive(),
    minimumWhenSaving: z.number().int().positive(),
    byAvailability: z.array(z.strictObject({ atLeastPercent: z.number().min(0).max(100), nodes: z.number().int().positive() })),
  }),
  highAvailabilityPercent: z.number().min(0).max(100),
  sampledLogBytesPerRequest: z.number().nonnegative(),
  baseLogGb: z.number().nonnegative(),
  objectStorageGb: z.number().nonnegative(),
  vectorStorageGb: z.number().nonnegative(),
  backupGb: z.number().nonnegative(),
  warehouseComputeHoursPerMonth: z.number().nonnegative(),
  batch: z.strictObject({ runsPerMonth: z.number().positive(), nodesPerRun: z.number().int().positive(), hoursPerRun: z.number().positive() }),
  training: z.strictObject({
    defaultFrequency: z.enum(trainingFrequencies),
    runsPerMonth: z.record(z.enum(trainingFrequencies), z.number().positive()),
    hoursPerRun: z.strictObject({ cpu: z.number().positive(), gpu: z.number().positive() }),
  }),
  llm: z.strictObject({ tokensPerRequest: z.number().positive(), embeddingTokensMillionsPerMonth: z.number().nonnegative() }),
  streaming: z.strictObject({ minimumProcessorUnits: z.number().int().positive() }),
});

export type SizingAssumptions = z.infer<typeof sizingAssumptionsSchema>;

/** What the planner assumes when it turns constraints into quantities; validated at import. */
export const sizingAssumptions: SizingAssumptions = sizingAssumptionsSchema.parse(sizingFile);
