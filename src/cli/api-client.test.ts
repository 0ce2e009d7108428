import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../contracts/run-event.js';
import { createApiClient } from './api-client.js';

const runId = '01a20000-0000-7000-8000-000000000001';

function frame(seq: number, type: RunEvent['type'], data: unknown): string {
  return `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify({ seq, type, runId, at: new Date(0).toISOString(), data })}\n\n`;
}

describe('followRunEvents', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function serve(handler: (request: IncomingMessage, response: ServerResponse, connection: number) => void): Promise<string> {
    let connections = 0;
    const server = createServer((request, response) => handler(request, response, (connections += 1)));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('abandons a connection that goes silent (no events, no heartbeats) and resumes after the last event it saw', async () => {
    const lastEventIds: (string | undefined)[] = [];
    const url = await serve((request, response, connection) => {
      lastEventIds.push(request.headers['last-event-id'] as string | undefined);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (connection === 1) {
        // Two events, then silence with the socket left open: a connection dropped by a middlebox.
        response.write(frame(1, 'run-started', {}) + frame(2, 'node-start', { node: 'a', stepId: 's', attempt: 1 }));
        return;
      }
      response.end(frame(2, 'node-start', { node: 'a', stepId: 's', attempt: 1 }) + frame(3, 'run-ended', { status: 'succeeded' }));
    });
    const seen: number[] = [];
    const reconnects: number[] = [];
    await createApiClient(url).followRunEvents(runId, (event) => seen.push(event.seq), { idleTimeoutMs: 300, onReconnect: (attempt) => reconnects.push(attempt) });

    expect(seen).toEqual([1, 2, 3]);
    expect(lastEventIds).toEqual(['0', '2']);
    expect(reconnects).toEqual([1]);
  });

  it('keeps a quiet connection that sends heartbeats', async () => {
    const url = await serve((_request, response, connection) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(frame(1, 'run-started', {}));
      const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), 50);
      setTimeout(() => {
        clearInterval(heartbeat);
        response.end(frame(2, 'run-ended', { status: 'succeeded', connection }));
      }, 700);
    });
    const seen: number[] = [];
    const reconnects: number[] = [];
    await createApiClient(url).followRunEvents(runId, (event) => seen.push(event.seq), { idleTimeoutMs: 300, onReconnect: (attempt) => reconnects.push(attempt) });

    expect(seen).toEqual([1, 2]);
    expect(reconnects).toEqual([]);
  });
});
