// A minimal, fast OpenAI Chat Completions server for the gateway benchmark, run in its own child
// process so that its CPU time is not the load generator's. Every answer is the same precomputed
// body, so the provider side costs as little as possible and the same for every gateway measured.
// Usage: node --import tsx bench/gateway/mock-openai-server.ts   (prints {"port":N} on stdout)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenAiChatChunk, OpenAiChatResponse, OpenAiUsage } from '../../src/gateway/providers/openai/openai-wire.js';

const model = 'gpt-4o-mini-2024-07-18';
const created = 1_715_367_049;
const usage: OpenAiUsage = { prompt_tokens: 19, completion_tokens: 3, total_tokens: 22, prompt_tokens_details: { cached_tokens: 0 } };

const completion: OpenAiChatResponse = {
  id: 'chatcmpl-bench0000000000000000000000',
  object: 'chat.completion',
  created,
  model,
  system_fingerprint: 'fp_bench',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Category: food', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage,
};
const completionBody = Buffer.from(JSON.stringify(completion));

const streamChunk = (delta: OpenAiChatChunk['choices'][number]['delta'], finishReason: string | null): OpenAiChatChunk => ({
  id: completion.id,
  object: 'chat.completion.chunk',
  created,
  model,
  system_fingerprint: 'fp_bench',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
});
// OpenAI's order: role, text, finish reason, then (with include_usage) a chunk with no choices.
const streamBody = Buffer.from(
  [
    streamChunk({ role: 'assistant', content: '' }, null),
    streamChunk({ content: 'Category: ' }, null),
    streamChunk({ content: 'food' }, null),
    streamChunk({}, 'stop'),
    { ...streamChunk({}, null), choices: [], usage },
  ]
    .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
    .join('') + 'data: [DONE]\n\n',
);

let served = 0;

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      respond(response, 404, 'application/json', Buffer.from(JSON.stringify({ error: { message: `Invalid URL (${request.method ?? ''} ${request.url ?? ''})`, type: 'invalid_request_error', param: null, code: null } })));
      return;
    }
    let streaming = false;
    try {
      streaming = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { stream?: unknown }).stream === true;
    } catch {
      respond(response, 400, 'application/json', Buffer.from(JSON.stringify({ error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } })));
      return;
    }
    if (streaming) {
      // Chunked, like OpenAI's streams (no content-length).
      served += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': `req_bench${served}` });
      response.end(streamBody);
    } else {
      respond(response, 200, 'application/json', completionBody);
    }
  });
}

function respond(response: ServerResponse, status: number, contentType: string, body: Buffer): void {
  served += 1;
  response.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'x-request-id': `req_bench${served}` });
  response.end(body);
}

const server = createServer({ noDelay: true, keepAlive: true }, handle);
// Idle keep-alive connections survive the pauses between measurements (Node's default is 5 s).
server.keepAliveTimeout = 300_000;
server.headersTimeout = 310_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
