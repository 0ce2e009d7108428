import type pg from 'pg';
import type { Logger } from 'pino';
import { notificationChannels } from '../store/notification-channels.js';

/** PostgreSQL caps a NOTIFY payload at 8,000 bytes; stay well below it. */
const maxPayloadLength = 7_000;

/**
 * Least time between two NOTIFY statements of a process. NOTIFY is expensive for the database
 * (a global queue and lock): sending one per commit took 39 % of PostgreSQL's CPU in the queue
 * benchmark with nobody listening. 5 ms caps it at 200 a second per process and adds at most 5 ms
 * to live streams.
 */
const minimumIntervalMs = 5;

/**
 * Tells live streams that a run's log grew, after the rows are committed. A commit that sends a
 * NOTIFY takes a database-wide lock and holds it through its WAL flush, so NOTIFYs inside every
 * hot statement (claim, node start, node end, run end) serialised the worker's commits: measured
 * 839 runs/s, with 54 % of database time waiting on that lock (bench/queue-bench.ts). Instead the
 * worker announces here: at most one NOTIFY per `minimumIntervalMs`, coalescing whatever arrives
 * meanwhile (`runId:lastSeq`, comma-joined). An event after a quiet spell goes out at once.
 * If the process dies between commit and announcement, streams still catch up through their
 * periodic re-read.
 */
export class RunEventAnnouncer {
  readonly #pending = new Map<string, number>();
  #flushing: Promise<void> | undefined;
  #lastFlushAt = 0;

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
        const wait = this.#lastFlushAt + minimumIntervalMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.#lastFlushAt = performance.now();
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
        // Asynchronous commit: a NOTIFY holds the database-wide notify lock until its commit, and
        // a flush wait there would stall every other notifying commit (run creation) behind it.
        await this.pool
          .query(
            `SELECT pg_notify('${notificationChannels.runEvents}', payload)
             FROM unnest($1::text[]) AS payload, (SELECT set_config('synchronous_commit', 'off', true)) AS commit_setting`,
            [payloads],
          )
          .catch((error: unknown) => {
          this.logger.warn({ error: (error as Error).message }, 'announcing run events failed; streams catch up on their next re-read');
        });
      }
    } finally {
      this.#flushing = undefined;
    }
  }
}
