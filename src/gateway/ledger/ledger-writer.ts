import type pg from 'pg';
import { insertLlmCalls, type AppendedRunEvents, type LlmCallRecord } from '../../store/llm-calls/insert-llm-calls.js';
import { BatchWriter } from '../batch-writer.js';

/**
 * How long a row waits for others to share its INSERT. Written one by one, a busy process spent a
 * fifth of its CPU on ledger statements (bench/gateway-bench.ts, CPU profile at concurrency 1); a
 * row lands at most this late, and so does its run's `llm-call` event.
 */
const ledgerLingerMs = 20;

/**
 * Writes one ledger row per attempt, batched off the caller's path (the answer does not wait for
 * its bookkeeping), and hands the runs whose logs grew to `onRunEvents` for their announcement.
 */
export class LedgerWriter {
  readonly #writer: BatchWriter<LlmCallRecord>;

  constructor(pool: pg.Pool, onRunEvents: (appended: AppendedRunEvents) => void, onFailure: (error: unknown, lost: number) => void) {
    this.#writer = new BatchWriter(
      async (batch) => onRunEvents(await insertLlmCalls(pool, batch)),
      (error, batch) => onFailure(error, batch.length),
      500,
      3,
      ledgerLingerMs,
    );
  }

  record(call: LlmCallRecord): void {
    this.#writer.add(call);
  }

  drain(): Promise<void> {
    return this.#writer.drain();
  }
}
