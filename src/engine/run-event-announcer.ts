import type pg from 'pg';
import type { Logger } from 'pino';
import { notificationChannels } from '../store/notification-channels.js';

/** PostgreSQL caps a NOTIFY payload at 8,000 bytes; stay well below it. */
const maxPayloadLength = 7_000;

/**
 * Tells live streams that a run's log grew, after the rows are committed. A commit that sends a
 * NOTIFY takes a database-wide lock and holds it through its WAL flush, so NOTIFYs inside every
 * hot statement (claim, node start, node end, run end) serialised the worker's commits: measured
 * 839 runs/s, with 54 % of database time waiting on that lock (bench/queue-bench.ts). Instead the
 * worker announces here: one NOTIFY transaction in flight per process, coalescing whatever
 * arrives meanwhile (`runId:lastSeq`, comma-joined). At low load each event goes out at once.
 * If the process dies between commit and announcement, streams still catch up through their
 * periodic re-read.
 */
export class RunEventAnnouncer {
  readonly #pending = new Map<string, number>();
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {}

  /** Announces that `runId`'s events up to `seq` are committed. */
  announce(runId: string, seq: number): void {
    if ((this.#pending.get(runId) ?? 0) < seq) this.#pending.set(runId, seq);
    this.#flushing ??= this.#flush();
  }

  /** Waits until everything announced so far has been sent. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#pending.size > 0) {
        const entries = [...this.#pending].map(([runId, seq]) => `${runId}:${seq}`);
        this.#pending.clear();
        const payloads: string[] = [];
        let current = '';
        for (const entry of entries) {
          if (current.length + entry.length + 1 > maxPayloadLength) {
            payloads.push(current);
            current = '';
          }
          current = current === '' ? entry : `${current},${entry}`;
        }
        payloads.push(current);
        await this.pool.query(`SELECT pg_notify('${notificationChannels.runEvents}', payload) FROM unnest($1::text[]) AS payload`, [payloads]).catch((error: unknown) => {
          this.logger.warn({ error: (error as Error).message }, 'announcing run events failed; streams catch up on their next re-read');
        });
      }
    } finally {
      this.#flushing = undefined;
    }
  }
}
