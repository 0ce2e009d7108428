import { z } from 'zod';
import { complianceControls } from './compliance-controls.js';
import computeFile from './components/compute.json' with { type: 'json' };
import dataFile from './components/data.json' with { type: 'json' };
import machineLearningFile from './components/machine-learning.json' with { type: 'json' };
import networkingFile from './components/networking.json' with { type: 'json' };
import observabilityFile from './components/observability.json' with { type: 'json' };
import securityFile from './components/security.json' with { type: 'json' };
import { costUnits } from './cost-units.js';

export const componentCategories = ['compute', 'machine_learning', 'data', 'networking', 'security', 'observability'] as const;

/** A monthly cost model on one cloud: a fixed part plus per-unit rates, from public list prices. */
const cloudCostSchema = z.strictObject({
  baseMonthlyUsd: z.number().nonnegative(),
  rates: z.array(z.strictObject({ unit: z.enum(costUnits), priceUsd: z.number().nonnegative() })),
  /** The list prices the numbers come from, so a reader can check them. */
  basis: z.string().min(1),
});

/** One component of the catalogue, the same id on every cloud. */
export const catalogueComponentSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1),
  category: z.enum(componentCategories),
  purpose: z.string().min(1),
  services: z.strictObject({ aws: z.string().min(1), gcp: z.string().min(1), azure: z.string().min(1) }),
  /** The compliance controls this component provides on its own. */
  provides: z.array(z.enum(complianceControls)),
  /** Whether it is an internet-facing entry point (a WAF only makes sense in front of one). */
  publicEndpoint: z.boolean().default(false),
  /** `serving` GPUs answer predictions; `training` GPUs only train. */
  gpu: z.enum(['serving', 'training']).nullable().default(null),
  latency: z
    .strictObject({
      /** The p99 latency this component can keep to on the request path, in ms. */
      p99FloorMs: z.number().positive(),
      coldStartP99Ms: z.tuple([z.number().positive(), z.number().positive()]).optional(),
      note: z.string().min(1),
    })
    .optional(),
  throughput: z
    .strictObject({
      /** A service limit on requests per second (a quota, not a sizing choice). */
      maxRps: z.number().positive().optional(),
      /** Requests (or events) per second one unit of it handles, for sizing. */
      rpsPerUnit: z.number().positive().optional(),
      note: z.string().min(1),
    })
    .optional(),
  spotDiscountPercent: z.number().int().min(0).max(95).default(0),
  reservedDiscountPercent: z.number().int().min(0).max(95).default(0),
  cost: z.strictObject({ aws: cloudCostSchema, gcp: cloudCostSchema, azure: cloudCostSchema }),
});

export type CatalogueComponent = z.infer<typeof catalogueComponentSchema>;

const catalogueFileSchema = z
  .strictObject({ version: z.string().min(1), category: z.enum(componentCategories), components: z.array(catalogueComponentSchema).min(1) })
  .superRefine((file, context) => {
    for (const [index, component] of file.components.entries()) {
      if (component.category !== file.category) {
        context.addIssue({ code: 'custom', message: `${component.id} is ${component.category} but sits in the ${file.category} file`, path: ['components', index, 'category'] });
      }
    }
  });

const catalogueFiles = [computeFile, machineLearningFile, dataFile, networkingFile, securityFile, observabilityFile].map((file) => catalogueFileSchema.parse(file));

/** The version each catalogue file declares, by category, checked against the knowledge base's version. */
export const componentCatalogueVersions: Readonly<Record<string, string>> = Object.fromEntries(catalogueFiles.map((file) => [`components/${file.category}`, file.version]));

/** Every catalogue component, sorted by id, validated when this module is imported. */
export const componentCatalogue: readonly CatalogueComponent[] = catalogueFiles
  .flatMap((file) => file.components)
  .sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
