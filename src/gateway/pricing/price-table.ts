import { z } from 'zod';
import type { LanguageModelUsage } from '../language-model.js';
import priceFile from './price-table.json' with { type: 'json' };

const microsPerMillion = z.number().int().nonnegative();

const modelPriceSchema = z.strictObject({ input: microsPerMillion, output: microsPerMillion, cacheRead: microsPerMillion, cacheWrite: microsPerMillion });

/** Prices of one model in integer micro-USD per million tokens, by token kind. */
export type ModelPrice = z.infer<typeof modelPriceSchema>;

const priceTableSchema = z.strictObject({
  version: z.string().min(1),
  date: z.iso.date(),
  currency: z.literal('USD'),
  unit: z.string(),
  note: z.string(),
  models: z.record(z.string().regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/), modelPriceSchema),
});

export type PriceTable = z.infer<typeof priceTableSchema>;

/** The vendored price table, validated at import. */
export const priceTable: PriceTable = priceTableSchema.parse(priceFile);

/** What pricing one call gave: its cost, or null when the model has no price (cost unknown). */
export interface CallPrice {
  costMicros: number | null;
  priceVersion: string;
}

// Dated snapshots and aliases (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`, `…-latest`) cost
// what their family costs.
const snapshotSuffix = /-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

/**
 * The price of `model` at `provider`: the exact entry, else the entry for the model without its
 * snapshot suffix. OpenAI-compatible servers price as unknown unless configured; the gateway then
 * allows the call only where unpriced models are allowed.
 */
export function findModelPrice(table: PriceTable, provider: string, model: string): ModelPrice | undefined {
  const exact = table.models[`${provider}/${model}`];
  if (exact) return exact;
  const family = model.replace(snapshotSuffix, '');
  return family === model ? undefined : table.models[`${provider}/${family}`];
}

/**
 * The cost of normalized usage in integer micro-USD, rounded once for the whole call. Usage keeps
 * every token in exactly one kind (input excludes cache reads and writes), so nothing is charged twice.
 */
export function costOfUsage(price: ModelPrice, usage: LanguageModelUsage): number {
  const scaled = usage.inputTokens * price.input + usage.outputTokens * price.output + usage.cacheReadTokens * price.cacheRead + usage.cacheWriteTokens * price.cacheWrite;
  return Math.round(scaled / 1_000_000);
}

/** Prices a call against the table: cost in micro-USD, or null for a model without a price. */
export function priceCall(table: PriceTable, provider: string, model: string, usage: LanguageModelUsage): CallPrice {
  const price = findModelPrice(table, provider, model);
  return { costMicros: price ? costOfUsage(price, usage) : null, priceVersion: table.version };
}
