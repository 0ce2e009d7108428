import { z } from 'zod';
import { workloadKinds } from '../../../contracts/mlops-architect.js';
import patternsFile from './architecture-patterns.json' with { type: 'json' };

const componentIdsSchema = z.array(z.string().regex(/^[a-z][a-z0-9_]*$/));

/** One architecture pattern: what it serves, how fast and how much, and the components it is built from. */
export const architecturePatternSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1),
  summary: z.string().min(1),
  workloads: z.array(z.enum(workloadKinds)).min(1),
  /** `always_on`: capacity runs all month; `on_demand`: billed per request; `scheduled`: runs in jobs. */
  servingMode: z.enum(['always_on', 'on_demand', 'scheduled']),
  /** The p99 latency the pattern can meet on the request path, in ms; null when it serves no requests. */
  latencyFloorMs: z.number().positive().nullable(),
  /** A plural phrase for the planner's reasons, e.g. "p99 cold starts ≈ 250–1000 ms". */
  latencyNote: z.string().min(1),
  throughputRps: z.strictObject({ min: z.number().nonnegative(), max: z.number().positive(), note: z.string().min(1) }).nullable(),
  gpu: z.enum(['required', 'supported', 'unsupported']),
  baseComponents: componentIdsSchema.min(1),
  /** Added when the constraints require a GPU. */
  gpuComponents: componentIdsSchema,
  /** Removed when the GPU components are added (e.g. a managed LLM API replaced by self-hosted vLLM). */
  gpuReplaces: componentIdsSchema,
  strengths: z.array(z.string().min(1)).min(1),
  weaknesses: z.array(z.string().min(1)).min(1),
});

export type ArchitecturePattern = z.infer<typeof architecturePatternSchema>;

const workloadRecord = <Value extends z.ZodType>(value: Value) => z.record(z.enum(workloadKinds), value);

const architecturePatternsFileSchema = z
  .strictObject({
    version: z.string().min(1),
    /** Workloads answered per request, where a latency target applies. */
    requestPathWorkloads: z.array(z.enum(workloadKinds)),
    /** How much each workload counts when a pattern covers it: the ones that deliver predictions shape the architecture. */
    workloadWeights: workloadRecord(z.number().int().positive()),
    /** The patterns, in order of preference, that serve a workload the chosen pattern leaves uncovered. */
    addOnPreference: workloadRecord(z.array(z.string()).min(1)),
    patterns: z.array(architecturePatternSchema).min(1),
  })
  .superRefine((file, context) => {
    const ids = file.patterns.map((pattern) => pattern.id);
    for (const [index, id] of ids.entries()) {
      if (ids.indexOf(id) !== index) context.addIssue({ code: 'custom', message: `pattern id ${id} appears twice`, path: ['patterns', index, 'id'] });
    }
    for (const [workload, preferred] of Object.entries(file.addOnPreference)) {
      for (const id of preferred) {
        const pattern = file.patterns.find((candidate) => candidate.id === id);
        if (pattern === undefined || !pattern.workloads.some((served) => served === workload)) {
          context.addIssue({ code: 'custom', message: `add-on pattern ${id} does not serve ${workload}`, path: ['addOnPreference', workload] });
        }
      }
    }
  });

export type ArchitecturePatternsFile = z.infer<typeof architecturePatternsFileSchema>;

/** The pattern file, validated when this module is imported. */
export const architecturePatternsFile: ArchitecturePatternsFile = architecturePatternsFileSchema.parse(patternsFile);
