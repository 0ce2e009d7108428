import { z } from 'zod';

/** Compliance frameworks the MLOps Architect knows (names as in ../shared/examples/README.md). */
export const complianceFrameworks = ['PCI_DSS', 'HIPAA', 'GDPR', 'SOC2', 'FEDRAMP', 'ISO_27001', 'CCPA', 'SOX'] as const;
export type ComplianceFramework = (typeof complianceFrameworks)[number];

/** Kinds of ML workload a request can ask for. */
export const workloadKinds = ['online_inference', 'batch_inference', 'training', 'streaming', 'llm_serving', 'rag', 'feature_pipeline'] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

export const cloudProviders = ['aws', 'gcp', 'azure'] as const;
export type CloudProvider = (typeof cloudProviders)[number];

export const gpuNeeds = ['required', 'optional', 'none'] as const;
export type GpuNeed = (typeof gpuNeeds)[number];

/** Where a constraint came from: the span of the request it was read from, and how sure we are. */
export const constraintEvidenceSchema = z.object({
  /** Character offsets into the request text and the text itself; null for defaults. */
  span: z.object({ start: z.number().int(), end: z.number().int(), text: z.string() }).nullable(),
  confidence: z.number().min(0).max(1),
  /** `stated`: written in the request; `implied`: inferred (e.g. PHI → HIPAA); `default`: nothing said; `answer`: a clarifying answer. */
  source: z.enum(['stated', 'implied', 'default', 'answer']),
  note: z.string().optional(),
});
export type ConstraintEvidence = z.infer<typeof constraintEvidenceSchema>;

/** What a careful architect reads from a request. A field nobody stated is null (or its default with `source: default`). */
export const constraintsSchema = z
  .object({
    latencyMs: z.number().positive().nullable(),
    latencyPercentile: z.enum(['p50', 'p90', 'p95', 'p99']).nullable(),
    throughputRps: z.number().nonnegative().nullable(),
    compliance: z.array(z.enum(complianceFrameworks)),
    workloads: z.array(z.enum(workloadKinds)),
    gpu: z.enum(gpuNeeds),
    /** The ML workload detector's resource estimate when a GPU is required or optional. */
    gpuEstimate: z.object({ accelerator: z.string(), count: z.number().int().positive(), memoryGb: z.number().positive(), reason: z.string() }).nullable(),
    cloud: z.enum(cloudProviders),
    regions: z.array(z.string()),
    budgetMonthlyUsd: z.number().nonnegative().nullable(),
    /** Availability target in percent, e.g. 99.9. */
    availability: z.number().min(0).max(100).nullable(),
    autoscaling: z.boolean().nullable(),
    dataClassification: z.enum(['public', 'internal', 'confidential', 'restricted']).nullable(),
    teamSize: z.number().int().positive().nullable(),
    trainingFrequency: z.enum(['continuous', 'hourly', 'daily', 'weekly', 'monthly', 'once']).nullable(),
    /**
     * Catalogue component ids the request names explicitly (today the compute platform: `lambda_inference`
     * for "AWS Lambda"/serverless, `eks` for Kubernetes). The first plan honours them; critics say when
     * they cannot meet the constraints, and a revision replaces them.
     */
    requestedComponents: z.array(z.string()),
    /** Evidence per field name above (only for fields that have a value or a default). */
    evidence: z.record(z.string(), constraintEvidenceSchema),
    /** Things a careful architect would ask about, e.g. "real-time" without a number. */
    ambiguities: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .meta({ id: 'MlopsConstraints' });
export type Constraints = z.infer<typeof constraintsSchema>;

/** One component of a planned architecture, from the knowledge base's catalogue. */
export const plannedComponentSchema = z.object({
  /** Stable catalogue id, e.g. `waf`, `kms`, `eks`, `vector_store`. */
  id: z.string(),
  name: z.string(),
  /** The cloud service that provides it, e.g. `AWS WAF`. */
  service: z.string(),
  purpose: z.string(),
  monthlyCostUsd: z.number().nonnegative(),
  /** Which constraints or findings made the planner include it. */
  reasons: z.array(z.string()),
});
export type PlannedComponent = z.infer<typeof plannedComponentSchema>;

/** The planner's choice: a pattern, its components, their cost, and the alternatives that lost. */
export const architecturePlanSchema = z
  .object({
    pattern: z.string(),
    patternName: z.string(),
    cloud: z.enum(cloudProviders),
    region: z.string(),
    components: z.array(plannedComponentSchema),
    estimatedMonthlyCostUsd: z.number().nonnegative(),
    /** How well the pattern fits the constraints, 0–1 (drives the planner's confidence). */
    score: z.number().min(0).max(1),
    alternatives: z.array(z.object({ pattern: z.string(), score: z.number(), reason: z.string() })),
    /** 0 for the first plan; each revision after critic findings adds one. */
    revision: z.number().int().min(0),
    /** Finding codes this revision addressed. */
    addressedFindings: z.array(z.string()),
  })
  .meta({ id: 'MlopsArchitecturePlan' });
export type ArchitecturePlan = z.infer<typeof architecturePlanSchema>;

/** A critic's finding with a stable code. `blocking` findings make the planner revise. */
export const criticFindingSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/),
    critic: z.enum(['feasibility', 'policy', 'cost']),
    severity: z.enum(['info', 'warning', 'blocking']),
    message: z.string(),
    fix: z.string(),
    componentIds: z.array(z.string()),
    /** For policy findings: the framework and control, e.g. PCI_DSS / encryption_at_rest. */
    framework: z.enum(complianceFrameworks).optional(),
    control: z.string().optional(),
  })
  .meta({ id: 'MlopsCriticFinding' });
export type CriticFinding = z.infer<typeof criticFindingSchema>;

/** The `mlops-architect` workflow's input (`POST /api/v1/runs` with workflow `mlops-architect`). */
export const mlopsArchitectInputSchema = z.strictObject({
  request: z.string().max(262_144).describe('The requirements in plain language, in any language; up to 256 KiB. An empty request gives clarifying questions and a requirements_incomplete finding.'),
  project: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, dot, underscore and hyphen, starting with a letter or digit')
    .default('default')
    .describe('Designs in the same project are versions of each other: each records a diff against the previous one.'),
  review: z.boolean().default(false).describe('Ask a person to approve the design before code generation even when confidence is high.'),
  questionTimeoutSeconds: z.number().int().min(1).max(7 * 24 * 3600).default(300).describe('Seconds the input gate waits for answers before the smart defaults apply.'),
  acceptDefaults: z
    .boolean()
    .default(false)
    .describe('Apply every clarifying question\'s smart default without stopping at the input gate (non-interactive designs; `agentbus design --yes`). The questions still show on the coverage card.'),
  finalGateTimeoutSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional().describe('Seconds the final gate waits; defaults by its reason (compliance 1 h, otherwise 5 min).'),
  generatedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Timestamp written into the generated repository; defaults to when the design started. Fix it for byte-identical output.'),
});
export type MlopsArchitectInput = z.infer<typeof mlopsArchitectInputSchema>;

/** The generated repository's zip as the run's output names it. */
export const designArtifactSchema = z.object({ id: z.uuid(), name: z.string(), contentHash: z.string(), size: z.number().int() });

/** What changed since the previous design in the same project. */
export const designDiffSchema = z
  .object({
    previousRunId: z.uuid(),
    previousContentHash: z.string(),
    filesAdded: z.array(z.string()),
    filesRemoved: z.array(z.string()),
    filesChanged: z.array(z.string()),
    componentsAdded: z.array(z.string()),
    componentsRemoved: z.array(z.string()),
    patternChanged: z.object({ from: z.string(), to: z.string() }).nullable(),
    monthlyCostDeltaUsd: z.number(),
  })
  .meta({ id: 'MlopsDesignDiff' });
export type DesignDiff = z.infer<typeof designDiffSchema>;

/** The `mlops-architect` run's output. */
export const mlopsArchitectOutputSchema = z
  .object({
    outcome: z.enum(['designed', 'rejected']).describe('`rejected`: a person rejected the design at a gate; nothing was generated.'),
    constraints: constraintsSchema,
    plan: architecturePlanSchema.nullable().describe('Null only when the input gate was rejected before planning.'),
    findings: z.array(criticFindingSchema),
    confidence: z.number().min(0).max(1),
    questionRounds: z.number().int().min(0),
    revisions: z.number().int().min(0),
    reviews: z
      .array(z.object({ revision: z.number().int(), pattern: z.string(), estimatedMonthlyCostUsd: z.number(), findingCodes: z.array(z.string()), blocking: z.number().int() }))
      .describe('Every plan the critics reviewed, first to last: what each revision changed is visible.'),
    finalGate: z
      .object({ approvalRequired: z.boolean(), reasons: z.array(z.string()), decision: z.enum(['auto-approved', 'approved', 'rejected']), decidedBy: z.string().nullable(), auto: z.boolean() })
      .nullable(),
    validation: z.object({ ok: z.boolean(), problems: z.number().int().min(0) }).nullable(),
    artifact: designArtifactSchema.nullable(),
    diff: designDiffSchema.nullable(),
  })
  .meta({ id: 'MlopsArchitectOutput' });
export type MlopsArchitectOutput = z.infer<typeof mlopsArchitectOutputSchema>;
