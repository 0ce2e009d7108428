// The floor for any gateway written in Node: a relay that does what every gateway must and nothing
// else — read the request, parse it, pick the model, forward it over a keep-alive pool, parse the
// answer (a gateway needs its usage) and send it back. No limits, budgets, ledger or validation.
// What Agent Bus adds beyond this relay is what its governance costs; what this relay adds over a
// direct call is what one more Node process and two more loopback hops cost on this machine.
// Usage: node --import tsx bench/gateway/bare-relay-server.ts <mock port>   (prints {"port":N})
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const mockPort = Number(process.argv[2]);
if (!Number.isInteger(mockPort) || mockPort <= 0) throw new Error('usage: bare-relay-server.ts <mock port>');
const upstream = new Pool(`http://127.0.0.1:${mockPort}`, { connections: 256, pipelining: 1 });

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    void (async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string };
        body.model = body.model.replace(/^openai\//, '');
        const answer = await upstream.request({
          path: '/v1/chat/completions',
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: request.headers.authorization ?? 'Bearer relay' },
          body: JSON.stringify(body),
        });
        const completion = JSON.stringify(await answer.body.json());
        response.writeHead(answer.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
        response.end(completion);
      } catch (error) {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: (error as Error).message } }));
      }
    })();
  });
});
server.keepAliveTimeout = 300_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
