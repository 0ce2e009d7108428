import { z } from 'zod';

/** The manifest inside every design zip (`manifest.json`) and saved beside it for the next version's diff. */
export const designManifestSchema = z.object({
  format: z.literal('agentbus-mlops-design/1'),
  generatedAt: z.string(),
  knowledgeBase: z.object({ version: z.string(), pricesAsOf: z.string() }),
  request: z.object({ characters: z.number().int(), sha256: z.string() }),
  pattern: z.string(),
  cloud: z.string(),
  region: z.string(),
  components: z.array(z.string()),
  estimatedMonthlyCostUsd: z.number(),
  findings: z.array(z.object({ code: z.string(), severity: z.string() })),
  confidence: z.number(),
  files: z.array(z.object({ path: z.string(), size: z.number().int(), sha256: z.string() })),
});

export type DesignManifest = z.infer<typeof designManifestSchema>;

/** The manifest as saved beside the zip (`design-manifest.json`): it also names the zip it describes. */
export const savedDesignManifestSchema = designManifestSchema.extend({ package: z.object({ name: z.string(), sha256: z.string() }) });

export type SavedDesignManifest = z.infer<typeof savedDesignManifestSchema>;
