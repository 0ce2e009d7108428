// The one contract every provider passes (DESIGN.md, "LLM gateway"). Each provider's test file
// calls `describeProviderContract` with a harness. Providers that talk HTTP run it against a mock
// server speaking their real wire format and get the scripted and failure cases too; the built-in
// provider (no server, cannot fail) runs the cases that hold for any provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageModel, LanguageModelRequest, LanguageModelStreamPart } from '../../src/gateway/language-model.js';
import { ProviderError } from '../../src/gateway/provider-error.js';
import type { MockProviderScenario, RecordedProviderRequest } from '../../src/testing/mock-providers/mock-provider-scenario.js';

export interface ModelOptions {
  /** Response-headers timeout. */
  timeoutMs?: number;
  /** Longest silence inside a stream. */
  stallTimeoutMs?: number;
}

export interface ProviderUnderTest {
  createModel(options?: ModelOptions): LanguageModel;
  /** The secret the provider was configured with, which must never appear in an error. */
  apiKey?: string;
  /** Present for providers behind a mock server: queue what the next requests get. */
  script?: (...scenarios: MockProviderScenario[]) => void;
  requests?: RecordedProviderRequest[];
  close(): Promise<void>;
}

export interface ProviderContractHarness {
  name: string;
  /** False for a provider without a server (the built-in one): only the cases for any provider apply. */
  wire?: boolean;
  start(): Promise<ProviderUnderTest>;
}

const ask = (content: string, extra: Partial<LanguageModelRequest> = {}): LanguageModelRequest => ({
  messages: [
    { role: 'system', content: 'You are a test.' },
    { role: 'user', content },
  ],
  maxOutputTokens: 200,
  ...extra,
});

/** Every part of a stream, in order (rejects with the stream's error). */
export async function collectStreamParts(stream: AsyncIterable<LanguageModelStreamPart>): Promise<LanguageModelStreamPart[]> {
  const parts: LanguageModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

async function providerErrorOf(work: Promise<unknown>): Promise<ProviderError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const weatherTool = {
  name: 'get_weather',
  description: 'The weather in a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

export function describeProviderContract(harness: ProviderContractHarness): void {
  describe(`${harness.name} provider contract`, () => {
    let provider: ProviderUnderTest;
    beforeAll(async () => {
      provider = await harness.start();
    });
    afterAll(async () => {
      await provider?.close();
    });

    describe('any provider', () => {
      it('answers with text, a finish reason and normalized usage', async () => {
        const result = await provider.createModel().doGenerate(ask('Say hello.'));
        expect(result.text.length).toBeGreaterThan(0);
        expect(['stop', 'length']).toContain(result.finishReason);
        expect(result.toolCalls).toEqual([]);
        for (const count of Object.values(result.usage)) expect(Number.isInteger(count) && count >= 0).toBe(true);
        expect(result.usage.inputTokens + result.usage.cacheReadTokens + result.usage.cacheWriteTokens).toBeGreaterThan(0);
        expect(result.usage.outputTokens).toBeGreaterThan(0);
      });

      it('streams the same answer it generates, ending with one finish part carrying usage', async () => {
        const model = provider.createModel();
        const generated = await model.doGenerate(ask('Tell me about streams.'));
        const parts = await collectStreamParts(await model.doStream(ask('Tell me about streams.')));
        const finishes = parts.filter((part) => part.type === 'finish');
        expect(finishes).toHaveLength(1);
        expect(parts.at(-1)?.type).toBe('finish');
        const text = parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
        expect(text).toBe(generated.text);
        expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(1);
        const finish = finishes[0] as Extract<LanguageModelStreamPart, { type: 'finish' }>;
        expect(finish.usage.outputTokens).toBeGreaterThan(0);
      });

      it('aborts: an aborted signal rejects with an aborted provider error', async () => {
        const controller = new AbortController();
        controller.abort(new Error('caller gave up'));
        const error = await providerErrorOf(provider.createModel().doGenerate(ask('Never mind.', { signal: controller.signal })));
        expect(error.kind).toBe('aborted');
        expect(error.retryable).toBe(false);
      });
    });

    if (harness.wire === false) return;
    describe('behind a server speaking the wire format', () => {
      const scripted = (name: string, body: () => Promise<void>) =>
        it(name, async () => {
          expect(provider.script, 'a provider behind a server must let the contract script it').toBeDefined();
          await body();
        });

      scripted('reports exactly the scripted text, usage (cache counted once), finish reason and request id', async () => {
        provider.script?.({ kind: 'reply', text: 'Exactly this.', usage: { inputTokens: 1200, outputTokens: 35, cacheReadTokens: 1000, cacheWriteTokens: 0 }, finishReason: 'stop', model: 'served-model-2026' });
        const result = await provider.createModel().doGenerate(ask('Anything.'));
        expect(result.text).toBe('Exactly this.');
        expect(result.usage).toMatchObject({ inputTokens: 1200, outputTokens: 35, cacheReadTokens: 1000, cacheWriteTokens: 0 });
        expect(result.finishReason).toBe('stop');
        expect(result.responseModelId).toBe('served-model-2026');
        expect(result.providerRequestId).toMatch(/.+/);
      });

      scripted('streams the scripted text with its usage', async () => {
        provider.script?.({ kind: 'reply', text: 'A streamed answer in parts.', usage: { inputTokens: 40, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 12 } });
        const parts = await collectStreamParts(await provider.createModel().doStream(ask('Stream it.')));
        expect(parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('')).toBe('A streamed answer in parts.');
        expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 40, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 12 } });
      });

      scripted('returns tool calls with parsed arguments, generated and streamed', async () => {
        const toolCall = { id: 'call_1', name: 'get_weather', arguments: { city: 'Zürich' } };
        provider.script?.({ kind: 'reply', toolCalls: [toolCall], finishReason: 'tool-calls', usage: { inputTokens: 30, outputTokens: 12 } });
        const generated = await provider.createModel().doGenerate(ask('Weather?', { tools: [weatherTool] }));
        expect(generated.toolCalls).toEqual([toolCall]);
        expect(generated.finishReason).toBe('tool-calls');

        provider.script?.({ kind: 'reply', toolCalls: [toolCall], finishReason: 'tool-calls', usage: { inputTokens: 30, outputTokens: 12 } });
        const parts = await collectStreamParts(await provider.createModel().doStream(ask('Weather?', { tools: [weatherTool] })));
        expect(parts.filter((part) => part.type === 'tool-call')).toEqual([{ type: 'tool-call', toolCall }]);
        expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
      });

      scripted('sends a tool result back as the answer to its call', async () => {
        provider.script?.({ kind: 'reply', text: 'It is sunny.' });
        const before = provider.requests?.length ?? 0;
        await provider.createModel().doGenerate({
          messages: [
            { role: 'user', content: 'Weather in Zürich?' },
            { role: 'assistant', content: '', toolCalls: [{ id: 'call_7', name: 'get_weather', arguments: { city: 'Zürich' } }] },
            { role: 'tool', toolCallId: 'call_7', content: '{"sky":"sunny"}' },
          ],
          tools: [weatherTool],
        });
        const sent = JSON.stringify(provider.requests?.[before]?.body);
        expect(sent).toContain('call_7');
        expect(sent).toContain('sunny');
      });

      scripted('429 with Retry-After is a retryable rate_limited error carrying the wait', async () => {
        provider.script?.({ kind: 'error', status: 429, message: 'Rate limit reached', retryAfterSeconds: 2 });
        const error = await providerErrorOf(provider.createModel().doGenerate(ask('Too fast.')));
        expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 2000 });
        expect(error.retryable).toBe(true);
        expect(error.message).toContain('Rate limit reached');
      });

      scripted('500 is a retryable server error; 400 is not retryable; 401 is an authentication error', async () => {
        provider.script?.({ kind: 'error', status: 500, message: 'The server had an error' });
        expect(await providerErrorOf(provider.createModel().doGenerate(ask('x')))).toMatchObject({ kind: 'server_error', status: 500, retryable: true });
        provider.script?.({ kind: 'error', status: 400, message: 'Invalid parameter' });
        expect(await providerErrorOf(provider.createModel().doGenerate(ask('x')))).toMatchObject({ kind: 'bad_request', status: 400, retryable: false });
        provider.script?.({ kind: 'error', status: 401, message: 'Incorrect API key provided' });
        expect(await providerErrorOf(provider.createModel().doGenerate(ask('x')))).toMatchObject({ kind: 'authentication', retryable: false });
      });

      scripted('a stream that fails before its first byte rejects doStream itself (failover is still possible)', async () => {
        provider.script?.({ kind: 'error', status: 503, message: 'Overloaded' });
        const error = await providerErrorOf(provider.createModel().doStream(ask('x')));
        expect(error).toMatchObject({ kind: 'server_error', retryable: true });
      });

      scripted('no response within the timeout is a retryable timeout', async () => {
        provider.script?.({ kind: 'no-response' });
        const startedAt = performance.now();
        const error = await providerErrorOf(provider.createModel({ timeoutMs: 300 }).doGenerate(ask('x')));
        expect(error).toMatchObject({ kind: 'timeout', retryable: true });
        expect(performance.now() - startedAt).toBeLessThan(10_000);
      });

      scripted('a connection reset is a retryable network error', async () => {
        provider.script?.({ kind: 'reset' });
        expect(await providerErrorOf(provider.createModel().doGenerate(ask('x')))).toMatchObject({ kind: 'network', retryable: true });
      });

      scripted('a stalled stream is an error after the stall timeout, never a short success', async () => {
        provider.script?.({ kind: 'stall', afterParts: 2, text: 'This answer stalls halfway through.' });
        const stream = await provider.createModel({ stallTimeoutMs: 300 }).doStream(ask('x'));
        const error = await providerErrorOf(collectStreamParts(stream));
        expect(error).toMatchObject({ kind: 'stream_stalled' });
      });

      scripted('a stream cut mid-way (socket destroyed) is a stream_cut error', async () => {
        provider.script?.({ kind: 'cut', afterParts: 2, text: 'This answer is cut in the middle.' });
        const error = await providerErrorOf(collectStreamParts(await provider.createModel().doStream(ask('x'))));
        expect(error).toMatchObject({ kind: 'stream_cut' });
      });

      scripted('a stream that ends cleanly without its final event is a stream_cut error', async () => {
        provider.script?.({ kind: 'end-early', afterParts: 2, text: 'This answer ends early without a finish.' });
        const error = await providerErrorOf(collectStreamParts(await provider.createModel().doStream(ask('x'))));
        expect(error).toMatchObject({ kind: 'stream_cut' });
      });

      scripted('aborting mid-stream stops the iteration and closes the connection to the provider', async () => {
        provider.script?.({ kind: 'reply', text: 'A long answer that the caller abandons after the first part.', partDelayMs: 50 });
        const controller = new AbortController();
        const before = provider.requests?.length ?? 0;
        const stream = await provider.createModel().doStream(ask('x', { signal: controller.signal }));
        const error = await providerErrorOf(
          (async () => {
            for await (const part of stream) if (part.type === 'text-delta') controller.abort(new Error('caller gave up'));
          })(),
        );
        expect(error.kind).toBe('aborted');
        await expect.poll(() => provider.requests?.[before]?.closedEarly, { timeout: 5_000 }).toBe(true);
      });

      scripted('never puts the API key in an error', async () => {
        provider.script?.({ kind: 'error', status: 401, message: `Incorrect API key provided: ${provider.apiKey ?? ''}` });
        const error = await providerErrorOf(provider.createModel().doGenerate(ask('x')));
        expect(provider.apiKey).toBeTruthy();
        expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(provider.apiKey);
      });
    });
  });
}
