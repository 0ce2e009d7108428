import { z } from 'zod';
import regionsFile from './cloud-regions.json' with { type: 'json' };
import { jurisdictions } from './compliance-checklist.js';

const cloudRegionsSchema = z.strictObject({
  defaultRegion: z.string().min(1),
  defaultRegionByJurisdiction: z.strictObject({ eu: z.string().min(1), us: z.string().min(1) }),
  regions: z.array(z.strictObject({ code: z.string().min(1), name: z.string().min(1), jurisdiction: z.enum(jurisdictions) })).min(1),
});

const cloudRegionsFileSchema = z.strictObject({
  version: z.string().min(1),
  note: z.string().min(1),
  clouds: z.strictObject({ aws: cloudRegionsSchema, gcp: cloudRegionsSchema, azure: cloudRegionsSchema }),
});

export type CloudRegionsFile = z.infer<typeof cloudRegionsFileSchema>;

/** Known regions per cloud with their jurisdiction and the defaults; validated at import. */
export const cloudRegionsFile: CloudRegionsFile = cloudRegionsFileSchema.parse(regionsFile);
