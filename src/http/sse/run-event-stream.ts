import type { ServerResponse } from 'node:http';
import type pg from 'pg';
import type { RunEvent } from '../../contracts/run-event.js';
import { isTerminalRunStatus, type RunStatus } from '../../core/run-status.js';
import type { PostgresNotificationListener } from '../../engine/notification-listener.js';
import { listRunEvents } from '../../store/events/list-run-events.js';
import { notificationChannels } from '../../store/notification-channels.js';

/** One SSE subscription to a run's event log. */
export interface RunEventStreamOptions {
  pool: pg.Pool;
  listener: PostgresNotificationListener;
  runId: string;
  /** Send events with `seq` greater than this (from `Last-Event-ID`). */
  afterSeq: number;
  heartbeatIntervalMs: number;
  /** Re-read the log this often even without a NOTIFY (a safety net, not the live path). */
  safetyPollMs?: number;
}

/** Formats one event as an SSE frame: `id` is the seq, so a reconnect resumes exactly after it. */
export function formatServerSentEvent(event: RunEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Streams a run's events on an already-open SSE response: first the stored events after
 * `afterSeq` (replay), then live ones as NOTIFYs announce them, reading rows from the log so that
 * order and completeness come from `seq`, never from notification delivery. Reads are serialised
 * per stream; a NOTIFY arriving mid-read triggers one more read. Sends `: heartbeat` when idle and
 * closes once the run has ended and its `run-ended` event was sent.
 */
export function streamRunEvents(response: ServerResponse, options: RunEventStreamOptions): Promise<void> {
  const { pool, listener, runId, heartbeatIntervalMs } = options;
  let lastSent = options.afterSeq;
  /** Whether the last event sent was `run-ended`. */
  let sentRunEnded = false;
  let reading = false;
  let readAgain = false;
  let closed = false;

  return new Promise<void>((resolve) => void openStream(resolve));

  async function openStream(resolve: () => void): Promise<void> {
    // Listen first, then read: an event committed in between is both read and announced, and
    // de-duplicated by seq; none can fall between the two.
    const unsubscribeEvents = await listener.subscribe(notificationChannels.runEvents, (payload) => {
      if (payload.includes(runId)) void pump();
    });
    const unsubscribeReconnect = await listener.subscribe('reconnect', () => void pump());
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatIntervalMs);
    const safetyPoll = setInterval(() => void pump(), options.safetyPollMs ?? 5_000);

    function close(): void {
      if (closed) return;
      closed = true;
      unsubscribeEvents();
      unsubscribeReconnect();
      clearInterval(heartbeat);
      clearInterval(safetyPoll);
      if (!response.writableEnded) response.end();
      resolve();
    }

    function write(chunk: string): void {
      if (!closed && !response.writableEnded) response.write(chunk);
    }

    async function pump(): Promise<void> {
      if (closed) return;
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      try {
        let batch: RunEvent[];
        do {
          readAgain = false;
          batch = await listRunEvents(pool, runId, lastSent, 500);
          for (const event of batch) {
            write(formatServerSentEvent(event));
            lastSent = event.seq;
            sentRunEnded = event.type === 'run-ended';
          }
          // Decided on what was sent, not on this batch: a NOTIFY arriving while the batch holding
          // run-ended was read makes the next read empty, and the stream must still close.
          if (sentRunEnded && batch.length < 500) {
            // More events after run-ended mean the run was retried; keep streaming in that case.
            const newer = await listRunEvents(pool, runId, lastSent, 1);
            if (newer.length === 0) return close();
            readAgain = true;
          }
        } while (!closed && (readAgain || batch.length === 500));
        if (lastSent === options.afterSeq && (await hasEndedWithNothingAfter(pool, runId, lastSent))) {
          close();
        }
      } catch {
        // A failed read is retried by the next NOTIFY or safety poll; the stream stays open.
      } finally {
        reading = false;
      }
    }

    response.on('close', close);
    if (response.destroyed) close();
    write('retry: 1000\n\n');
    void pump();
  }
}

async function hasEndedWithNothingAfter(pool: pg.Pool, runId: string, afterSeq: number): Promise<boolean> {
  const { rows } = await pool.query<{ status: RunStatus; last_event_seq: number }>('SELECT status, last_event_seq FROM runs WHERE id = $1', [runId]);
  const run = rows[0];
  return run !== undefined && isTerminalRunStatus(run.status) && run.last_event_seq <= afterSeq;
}
