/**
 * Writes items in batches, one statement at a time, off the caller's path: items added while a
 * batch is being written join the next one. At low load an item is written at once in its own
 * batch; under load, commits are shared. A failed batch is retried (the write functions are
 * idempotent) a few times before it is reported and dropped.
 */
export class BatchWriter<T> {
  readonly #queue: T[] = [];
  #flushing: Promise<void> | undefined;
  #writing = 0;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly onFailure: (error: unknown, batch: T[]) => void,
    private readonly maxBatch = 500,
    private readonly attempts = 3,
  ) {}

  add(item: T): void {
    this.#queue.push(item);
    this.#flushing ??= this.#flush();
  }

  /** Resolves once everything added so far is written (or reported as failed). */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  /** Items added but not yet written: queued, or in the batch being written now. */
  get pending(): number {
    return this.#queue.length + this.#writing;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.maxBatch);
        this.#writing = batch.length;
        for (let attempt = 1; ; attempt += 1) {
          try {
            await this.write(batch);
            break;
          } catch (error) {
            if (attempt >= this.attempts) {
              this.onFailure(error, batch);
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          }
        }
      }
    } finally {
      this.#writing = 0;
      this.#flushing = undefined;
    }
  }
}
