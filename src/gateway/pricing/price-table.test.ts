import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../language-model.js';
import { costOfUsage, findModelPrice, priceCall, priceTable } from './price-table.js';

describe('price table', () => {
  it('has a version and date, and a price for every kind of token of every model', () => {
    expect(priceTable.version).toMatch(/\S/);
    expect(Object.keys(priceTable.models).length).toBeGreaterThan(10);
  });

  it('prices dated snapshots and -latest like their family; unknown models have no price', () => {
    expect(findModelPrice(priceTable, 'openai', 'gpt-4o-2024-08-06')).toEqual(findModelPrice(priceTable, 'openai', 'gpt-4o'));
    expect(findModelPrice(priceTable, 'anthropic', 'claude-sonnet-4-5-20250929')).toEqual(findModelPrice(priceTable, 'anthropic', 'claude-sonnet-4-5'));
    expect(findModelPrice(priceTable, 'openai', 'gpt-9-ultra')).toBeUndefined();
    expect(findModelPrice(priceTable, 'openai-compatible', 'llama3.1:8b')).toBeUndefined();
    expect(priceCall(priceTable, 'openai', 'gpt-9-ultra', { ...emptyUsage, inputTokens: 10 })).toEqual({ costMicros: null, priceVersion: priceTable.version });
  });

  it('OpenAI: cached prompt tokens are charged at the cached price and not again as input', () => {
    // gpt-4o: $2.50 input, $1.25 cached, $10 output per million. prompt_tokens 1,200 with 1,000
    // cached normalize to 200 input + 1,000 cache read.
    const cached = priceCall(priceTable, 'openai', 'gpt-4o', { ...emptyUsage, inputTokens: 200, cacheReadTokens: 1000, outputTokens: 100 });
    expect(cached.costMicros).toBe(200 * 2.5 + 1000 * 1.25 + 100 * 10);
    const uncached = priceCall(priceTable, 'openai', 'gpt-4o', { ...emptyUsage, inputTokens: 1200, outputTokens: 100 });
    expect(uncached.costMicros).toBe(1200 * 2.5 + 100 * 10);
    // Counting the cached tokens twice (as input and as cache reads) would cost 1,250 µ$ more.
    expect(uncached.costMicros! - cached.costMicros!).toBe(1000 * (2.5 - 1.25));
  });

  it('Anthropic: cache writes at 1.25x input, reads at 0.1x, input_tokens (which exclude both) once', () => {
    // claude-sonnet-4-5: $3 input, $3.75 cache write, $0.30 cache read, $15 output per million.
    const usage = { ...emptyUsage, inputTokens: 200, cacheWriteTokens: 500, cacheReadTokens: 1000, outputTokens: 100 };
    expect(priceCall(priceTable, 'anthropic', 'claude-sonnet-4-5', usage).costMicros).toBe(200 * 3 + 500 * 3.75 + 1000 * 0.3 + 100 * 15);
    expect(priceCall(priceTable, 'anthropic', 'claude-sonnet-4-5', { ...emptyUsage, inputTokens: 1700, outputTokens: 100 }).costMicros).toBe(1700 * 3 + 100 * 15);
  });

  it('rounds once per call, in integer micro-USD', () => {
    const nano = findModelPrice(priceTable, 'openai', 'gpt-5-nano');
    expect(nano).toBeDefined();
    // 7 tokens at $0.05 per million = 0.35 µ$: rounds to 0, while 30 tokens (1.5 µ$) round to 2.
    expect(costOfUsage(nano!, { ...emptyUsage, inputTokens: 7 })).toBe(0);
    expect(costOfUsage(nano!, { ...emptyUsage, inputTokens: 30 })).toBe(2);
    expect(Number.isInteger(costOfUsage(nano!, { ...emptyUsage, inputTokens: 123_457, outputTokens: 98_765 }))).toBe(true);
  });
});
