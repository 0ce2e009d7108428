import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/gateway/provider-error.js';
import { createOpenAiCompatibleModel } from '../../src/gateway/providers/openai-compatible/create-openai-compatible-model.js';
import { parseOpenAiStream } from '../../src/gateway/providers/openai/parse-openai-stream.js';
import type { MockProviderServer } from '../../src/testing/mock-providers/mock-provider-scenario.js';
import { startOpenAiMockServer } from '../../src/testing/mock-providers/openai-mock-server.js';
import { collectStreamParts, describeProviderContract } from './provider-contract.js';

// Deliberately not shaped like `sk-…`: the shared redaction would miss it, the provider must not.
const apiKey = 'local-secret-key-42';

describeProviderContract({
  name: 'openai-compatible',
  async start() {
    const server = await startOpenAiMockServer();
    return {
      apiKey,
      createModel: (options = {}) => createOpenAiCompatibleModel({ modelId: 'llama3.1:8b', baseUrl: server.baseUrl, apiKey, ...options }),
      script: (...scenarios) => server.enqueue(...scenarios),
      requests: server.requests,
      close: () => server.close(),
    };
  },
});

describe('openai-compatible provider on the wire', () => {
  let server: MockProviderServer;
  // A server that ignores stream_options, as some compatible servers do.
  let serverWithoutStreamUsage: MockProviderServer;
  beforeAll(async () => {
    server = await startOpenAiMockServer();
    serverWithoutStreamUsage = await startOpenAiMockServer({ streamUsage: false });
  });
  afterAll(async () => {
    await Promise.all([server.close(), serverWithoutStreamUsage.close()]);
  });

  it('sends max_tokens, the only output limit these servers know, and names itself openai-compatible', async () => {
    const model = createOpenAiCompatibleModel({ modelId: 'llama3.1:8b', baseUrl: `${server.baseUrl}/`, apiKey });
    expect(model.provider).toBe('openai-compatible');
    await model.doGenerate({ messages: [{ role: 'user', content: 'x' }], maxOutputTokens: 128 });
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.body).toMatchObject({ model: 'llama3.1:8b', max_tokens: 128 });
    expect(request?.body).not.toHaveProperty('max_completion_tokens');
  });

  it('works without a key and then sends no Authorization header', async () => {
    const model = createOpenAiCompatibleModel({ modelId: 'llama3.1:8b', baseUrl: server.baseUrl });
    const result = await model.doGenerate({ messages: [{ role: 'user', content: 'Hello there' }] });
    expect(result.text).toBe('You said: Hello there');
    expect(server.requests.at(-1)?.headers).not.toHaveProperty('authorization');
    const parts = await collectStreamParts(await model.doStream({ messages: [{ role: 'user', content: 'Hello there' }] }));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('masks a key of any shape in errors, under the configured provider name', async () => {
    server.enqueue({ kind: 'error', status: 401, message: `Invalid key ${apiKey}; expected a key other than ${apiKey}` });
    const model = createOpenAiCompatibleModel({ provider: 'ollama', modelId: 'llama3.1:8b', baseUrl: server.baseUrl, apiKey });
    const error = await model.doGenerate({ messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'authentication', provider: 'ollama', message: 'ollama answered HTTP 401: Invalid key ***; expected a key other than ***' });
    expect((error as ProviderError).stack).not.toContain(apiKey);
  });

  it('finishes with zero usage when a server sends [DONE] but no usage chunk', async () => {
    serverWithoutStreamUsage.enqueue({ kind: 'reply', text: 'No usage from me.' });
    const model = createOpenAiCompatibleModel({ modelId: 'llama3.1:8b', baseUrl: serverWithoutStreamUsage.baseUrl });
    const parts = await collectStreamParts(await model.doStream({ messages: [{ role: 'user', content: 'x' }] }));
    expect(parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('')).toBe('No usage from me.');
    expect(parts.filter((part) => part.type === 'finish')).toEqual([
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }, responseModelId: 'llama3.1:8b', providerRequestId: expect.stringMatching(/^req_/) },
    ]);
  });

  it('still treats a body that ends without a finish reason as cut when the server sends no usage', async () => {
    serverWithoutStreamUsage.enqueue({ kind: 'end-early', afterParts: 3, text: 'Cut without usage.' });
    const model = createOpenAiCompatibleModel({ modelId: 'llama3.1:8b', baseUrl: serverWithoutStreamUsage.baseUrl });
    await expect(collectStreamParts(await model.doStream({ messages: [{ role: 'user', content: 'x' }] }))).rejects.toMatchObject({ kind: 'stream_cut' });
  });

  it('reads cache writes the way OpenRouter reports them, inside prompt_tokens', async () => {
    const wireUsage = { prompt_tokens: 194, completion_tokens: 2, total_tokens: 196, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 100 } };
    async function* events() {
      yield { data: JSON.stringify({ id: 'gen-1', model: 'anthropic/claude', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] }) };
      yield { data: JSON.stringify({ id: 'gen-1', model: 'anthropic/claude', choices: [], usage: wireUsage }) };
    }
    const parts = await collectStreamParts(parseOpenAiStream(events(), { provider: 'openrouter', providerRequestId: undefined, signal: undefined }));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', providerRequestId: 'gen-1', usage: { inputTokens: 94, cacheWriteTokens: 100, cacheReadTokens: 0, outputTokens: 2 } });
  });

  it('rejects doStream when a server answers a stream request with JSON instead of events', async () => {
    // Some proxies answer 200 with a JSON error; read as a stream it would look like an empty, cut answer.
    const proxy = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `upstream refused key ${apiKey}` } }));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const model = createOpenAiCompatibleModel({ modelId: 'llama3.1:8b', baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1`, apiKey });
      await expect(model.doStream({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ kind: 'invalid_response', message: expect.stringContaining('upstream refused key ***') });
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
