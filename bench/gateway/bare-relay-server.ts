// The floor for any gateway written in Node: a relay that does what every gateway must and nothing
// else — read the request, parse it, pick the model, forward it over a keep-alive pool, parse the
// answer (a gateway needs its usage) and send it back. No limits, budgets, ledger or validation.
// What Agent Bus adds beyond this relay is what its governance costs; what this relay adds over a
// direct call is what one more Node process and two more loopback hops cost on this machine.
// With `--fastify` the same relay is one Fastify 5 route (no logger, no validation, no hooks): the
// floor of a gateway built on the framework Agent Bus uses.
// Usage: node --import tsx bench/gateway/bare-relay-server.ts <mock port> [--fastify]   (prints {"port":N})
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Pool } from 'undici';

const mockPort = Number(process.argv[2]);
if (!Number.isInteger(mockPort) || mockPort <= 0) throw new Error('usage: bare-relay-server.ts <mock port>');
const upstream = new Pool(`http://127.0.0.1:${mockPort}`, { connections: 256, pipelining: 1 });

/** Forwards a parsed request body to the mock and returns the status and the parsed answer. */
async function forward(body: { model: string }, authorization: string | undefined): Promise<{ status: number; completion: unknown }> {
  body.model = body.model.replace(/^openai\//, '');
  const answer = await upstream.request({
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: authorization ?? 'Bearer relay' },
    body: JSON.stringify(body),
  });
  return { status: answer.statusCode, completion: await answer.body.json() };
}

const printPort = (port: number) => process.stdout.write(`${JSON.stringify({ port })}\n`);

if (process.argv.includes('--fastify')) {
  const app = Fastify({ logger: false, keepAliveTimeout: 300_000 });
  app.post('/v1/chat/completions', async (request, reply) => {
    const { status, completion } = await forward(request.body as { model: string }, request.headers.authorization);
    return reply.code(status).send(completion);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  printPort((app.server.address() as AddressInfo).port);
} else {
  startNodeRelay();
}

function startNodeRelay(): void {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        try {
          const { status, completion } = await forward(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string }, request.headers.authorization);
          const text = JSON.stringify(completion);
          response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          response.end(text);
        } catch (error) {
          response.writeHead(502, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { message: (error as Error).message } }));
        }
      })();
    });
  });
  server.keepAliveTimeout = 300_000;
  server.listen(0, '127.0.0.1', () => printPort((server.address() as AddressInfo).port));
}
