import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBuiltinModel } from '../../src/gateway/providers/builtin/create-builtin-model.js';
import { describeProviderContract } from './provider-contract.js';

describeProviderContract({
  name: 'builtin',
  wire: false,
  async start() {
    return { createModel: () => createBuiltinModel(), close: async () => undefined };
  },
});

describe('builtin provider', () => {
  const model = createBuiltinModel();

  it('is deterministic', async () => {
    const request = { messages: [{ role: 'user' as const, content: 'Plan a data pipeline for click events.' }] };
    expect(await model.doGenerate(request)).toEqual(await model.doGenerate(request));
  });

  it('answers structured-output requests with JSON the schema accepts', async () => {
    const schema = z.object({ pattern: z.enum(['streaming', 'batch']), replicas: z.number().int().min(2), notes: z.array(z.string()) });
    const result = await model.doGenerate({ messages: [{ role: 'user', content: 'Pick.' }], responseSchema: z.toJSONSchema(schema) as Record<string, unknown> });
    expect(schema.parse(JSON.parse(result.text))).toEqual({ pattern: 'streaming', replicas: 2, notes: [] });
  });

  it('calls the required tool with schema-valid arguments', async () => {
    const parameters = z.toJSONSchema(z.object({ city: z.string() })) as Record<string, unknown>;
    const result = await model.doGenerate({ messages: [{ role: 'user', content: 'Weather?' }], tools: [{ name: 'get_weather', description: 'Weather', parameters }], toolChoice: { name: 'get_weather' } });
    expect(result.finishReason).toBe('tool-calls');
    expect(result.toolCalls).toEqual([{ id: 'call_builtin_get_weather', name: 'get_weather', arguments: { city: 'example' } }]);
  });

  it('stops at maxOutputTokens with finish reason length', async () => {
    const result = await model.doGenerate({ messages: [{ role: 'user', content: 'Say a lot.' }], maxOutputTokens: 5 });
    expect(result.finishReason).toBe('length');
    expect(result.text.length).toBe(20);
    expect(result.usage.outputTokens).toBe(5);
  });
});
