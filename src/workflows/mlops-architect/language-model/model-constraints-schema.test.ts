import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { questionCatalogue } from '../questions/question-catalogue.js';
import { modelConstraintsSchema, questionFields } from './model-constraints-schema.js';

describe('modelConstraintsSchema', () => {
  it('lets the model ask only about fields the question catalogue can ask for', () => {
    expect(new Set(questionFields)).toEqual(new Set(questionCatalogue.map((question) => question.field)));
  });

  it('asks for quotes, never for evidence offsets or confidences', () => {
    const schema = JSON.stringify(z.toJSONSchema(modelConstraintsSchema));
    expect(schema).toContain('"quote"');
    expect(schema).not.toMatch(/"(?:evidence|confidence|start|end)"/);
  });

  it('makes every key required, as strict structured-output modes demand', () => {
    const schema = z.toJSONSchema(modelConstraintsSchema) as { properties: Record<string, unknown>; required: string[] };
    expect(schema.required).toEqual(Object.keys(schema.properties));
  });
});
