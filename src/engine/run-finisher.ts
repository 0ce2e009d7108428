import type pg from 'pg';
import { finishRuns, type RunEnding, type RunToFinish } from '../store/runs/finish-run.js';
import type { RunEventAnnouncer } from './run-event-announcer.js';

interface PendingFinish {
  run: RunToFinish;
  resolve: (seq: number | undefined) => void;
  reject: (error: unknown) => void;
}

/** Largest batch in one statement; keeps statements and their locks short. */
const maxBatch = 200;

/**
 * Ends runs for every slot of a worker through one statement at a time: runs that finish while a
 * batch is being written join the next batch. At low load a run ends in its own statement at
 * once (no added latency); under load, commits (and WAL flushes) are shared. Measured effect in
 * bench/queue-bench.ts.
 */
export class RunFinisher {
  readonly #queue: PendingFinish[] = [];
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly announcer: RunEventAnnouncer,
  ) {}

  /** Ends a run held by `leaseOwnerKey`; resolves with its `run-ended` seq, or undefined if the lease was lost. */
  finish(runId: string, leaseOwnerKey: number, ending: RunEnding): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ run: { runId, leaseOwnerKey, ending }, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** Whether a finish statement is being written now (more slots are about to free up). */
  get busy(): boolean {
    return this.#flushing !== undefined;
  }

  /** Waits until every run handed over so far has been written. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, maxBatch);
        try {
          const ended = await finishRuns(this.pool, batch.map((pending) => pending.run));
          for (const pending of batch) {
            const seq = ended.get(pending.run.runId);
            if (seq !== undefined) this.announcer.announce(pending.run.runId, seq);
            pending.resolve(seq);
          }
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.#flushing = undefined;
    }
  }
}
