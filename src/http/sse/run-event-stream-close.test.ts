import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresNotificationListener } from '../../engine/notification-listener.js';
import { createId } from '../../store/ids/create-id.js';
import { notificationChannels } from '../../store/notification-channels.js';
import { createTestDatabase, type TestDatabase } from '../../testing/create-test-database.js';
import { createTestLogger } from '../../testing/silent-logger.js';
import { waitUntil } from '../../testing/wait-until.js';
import { streamRunEvents } from './run-event-stream.js';

describe('streamRunEvents closing', () => {
  let database: TestDatabase;
  let listener: PostgresNotificationListener;
  let server: Server | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    listener = new PostgresNotificationListener(database.connectionString, createTestLogger());
    await listener.start();
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await listener?.close();
    await database?.drop();
  });

  it('closes after run-ended even when a NOTIFY arrives while the batch holding run-ended is read', async () => {
    const runId = createId();
    await database.pool.query(`INSERT INTO runs (id, workflow, workflow_version, status, last_event_seq) VALUES ($1, 'demo-steps', 1, 'succeeded', 2)`, [runId]);
    await database.pool.query(
      `INSERT INTO run_events (run_id, seq, type, data) VALUES ($1, 1, 'run-started', '{"attempt":1,"worker":"w","resumed":false}'), ($1, 2, 'run-ended', '{"status":"succeeded"}')`,
      [runId],
    );
    // Delivered to every subscriber of the channel, the stream's pump included.
    let notified = false;
    const unsubscribe = await listener.subscribe(notificationChannels.runEvents, () => (notified = true));

    // The stream's first read returns only once a real NOTIFY for the run reached the listener:
    // the race in which the stream used to stay open forever after sending run-ended.
    let first = true;
    const pool = {
      query: async (...args: Parameters<pg.Pool['query']>) => {
        const result = await (database.pool.query as (...rest: unknown[]) => Promise<unknown>)(...args);
        if (first) {
          first = false;
          await database.pool.query(`SELECT pg_notify('${notificationChannels.runEvents}', $1)`, [`${runId}:2`]);
          await waitUntil(async () => (notified ? true : undefined), 5_000, 'the NOTIFY to reach the listener');
        }
        return result;
      },
    } as unknown as pg.Pool;

    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      void streamRunEvents(response, { pool, listener, runId, afterSeq: 0, heartbeatIntervalMs: 10_000, safetyPollMs: 100 });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { signal: AbortSignal.timeout(5_000) });
    const body = await response.text();

    expect(body.match(/^id: \d+$/gm)).toEqual(['id: 1', 'id: 2']);
    unsubscribe();
  });
});
