import { z } from 'zod';

/** A file a run produced, stored once per content hash. */
export const artifactSchema = z
  .object({
    id: z.uuid(),
    runId: z.uuid(),
    name: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    contentHash: z.string().describe('sha256 of the content, hex.'),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Artifact' });

export type Artifact = z.infer<typeof artifactSchema>;

export const artifactListSchema = z.object({ items: z.array(artifactSchema) }).meta({ id: 'ArtifactList' });

export const artifactIdParamsSchema = z.strictObject({ id: z.uuid() });
