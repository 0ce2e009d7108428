import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exampleFromJsonSchema } from './example-from-json-schema.js';

describe('exampleFromJsonSchema', () => {
  it('produces values that zod schemas (through their JSON schema) accept', () => {
    const schemas = [
      z.object({ name: z.string().min(3), count: z.number().int().min(2), tags: z.array(z.string()).min(1), mode: z.enum(['fast', 'slow']) }),
      z.object({ when: z.iso.datetime(), id: z.uuid(), nested: z.object({ ok: z.boolean(), note: z.string().nullable() }) }),
      z.union([z.object({ kind: z.literal('a'), value: z.number().positive() }), z.object({ kind: z.literal('b') })]),
      z.object({ optional: z.string().optional(), required: z.string() }),
    ];
    for (const schema of schemas) {
      const example = exampleFromJsonSchema(z.toJSONSchema(schema));
      expect(schema.safeParse(example).success, JSON.stringify(example)).toBe(true);
    }
  });

  it('follows $ref into $defs', () => {
    const node = z.object({ label: z.string() });
    const schema = z.toJSONSchema(z.object({ first: node, second: node }), { reused: 'ref' });
    expect(exampleFromJsonSchema(schema)).toEqual({ first: { label: 'example' }, second: { label: 'example' } });
  });
});
