import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScriptedLanguageModel } from '../../../testing/scripted-language-model.js';
import { requestStructuredOutput } from './request-structured-output.js';

const schema = z.object({ pattern: z.string(), score: z.number().min(0).max(1) });
const prompt = { system: 'Choose a pattern.', user: 'The request, with a key sk-ant-abcdefghijklmnopqrstuvwxyz inside.', schema };

describe('requestStructuredOutput', () => {
  it('sends the zod schema as a JSON schema and returns the parsed answer', async () => {
    const model = new ScriptedLanguageModel(['{"pattern":"rag","score":0.8}']);
    await expect(requestStructuredOutput(model, prompt)).resolves.toEqual({ pattern: 'rag', score: 0.8 });
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]?.responseSchema).toMatchObject({ type: 'object', required: ['pattern', 'score'] });
    expect(model.requests[0]?.messages.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('reads an answer wrapped in a ```json fence', async () => {
    const model = new ScriptedLanguageModel(['```json\n{"pattern":"rag","score":0.5}\n```']);
    await expect(requestStructuredOutput(model, prompt)).resolves.toEqual({ pattern: 'rag', score: 0.5 });
  });

  it('asks once more with the validation errors after an invalid answer, and uses the corrected one', async () => {
    const model = new ScriptedLanguageModel(['{"pattern":"rag","score":7}', '{"pattern":"rag","score":0.7}']);
    await expect(requestStructuredOutput(model, prompt)).resolves.toEqual({ pattern: 'rag', score: 0.7 });
    expect(model.requests).toHaveLength(2);
    const retry = model.requests[1]?.messages ?? [];
    expect(retry.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(retry[2]?.content).toBe('{"pattern":"rag","score":7}');
    expect(retry[3]?.content).toMatch(/^Your answer does not follow the JSON schema: score: Too big: expected number to be <=1/);
  });

  it('asks once more after an answer that is not JSON at all', async () => {
    const model = new ScriptedLanguageModel(['I think rag fits best.', '{"pattern":"rag","score":0.9}']);
    await expect(requestStructuredOutput(model, prompt)).resolves.toEqual({ pattern: 'rag', score: 0.9 });
    expect(model.requests[1]?.messages[3]?.content).toContain('the answer is not valid JSON');
  });

  it('throws an error naming the zod issues, without the prompt, when the corrected answer is invalid too', async () => {
    const model = new ScriptedLanguageModel(['{"pattern":1}', '{"pattern":"rag"}']);
    const failure = requestStructuredOutput(model, prompt);
    await expect(failure).rejects.toThrow(/did not follow the schema after one correction: score: Invalid input: expected number, received undefined/);
    await expect(failure).rejects.not.toThrow(/sk-ant|Choose a pattern/);
    expect(model.requests).toHaveLength(2);
  });

  it('rejects with the abort reason at once when the signal has aborted, without asking again', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = new ScriptedLanguageModel(['{"pattern":"rag","score":1}']);
    await expect(requestStructuredOutput(model, { ...prompt, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.remaining).toBe(1);
  });

  it('rejects when the signal aborts while the model is answering', async () => {
    const controller = new AbortController();
    const model = new ScriptedLanguageModel([{ text: '{"pattern":"rag","score":1}', delayMs: 5_000 }]);
    const pending = requestStructuredOutput(model, { ...prompt, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.requests).toHaveLength(1);
  });
});
