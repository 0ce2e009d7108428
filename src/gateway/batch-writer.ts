/**
 * Writes items in batches, one statement at a time, off the caller's path: items added while a
 * batch is being written join the next one. Without a linger an item is written at once at low
 * load and commits are shared under load; with one, every batch waits it out (or until it is full). A failed batch is retried (the write functions are
 * idempotent) a few times before it is reported and dropped.
 */
export class BatchWriter<T> {
  readonly #queue: T[] = [];
  #flushing: Promise<void> | undefined;
  #writing = 0;
  #lingering: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly onFailure: (error: unknown, batch: T[]) => void,
    private readonly maxBatch = 500,
    private readonly attempts = 3,
    /** How long an item waits before a batch is started for it (0: at once), so `take` can claim it. */
    private readonly lingerMs = 0,
  ) {}

  add(item: T): void {
    this.#queue.push(item);
    if (this.#flushing || this.#lingering) return;
    if (this.lingerMs === 0) {
      this.#flushNow();
      return;
    }
    this.#linger();
  }

  #linger(): void {
    this.#lingering = setTimeout(() => this.#flushNow(), this.lingerMs);
    this.#lingering.unref();
  }

  /** Removes and returns the queued items (not those being written) that `belongs` picks, for the caller to write itself. */
  take(belongs: (item: T) => boolean): T[] {
    const taken: T[] = [];
    for (let index = this.#queue.length - 1; index >= 0; index -= 1) {
      if (belongs(this.#queue[index] as T)) taken.unshift(...this.#queue.splice(index, 1));
    }
    return taken;
  }

  /** Resolves once everything added so far is written (or reported as failed). */
  async drain(): Promise<void> {
    for (;;) {
      if (this.#lingering || (!this.#flushing && this.#queue.length > 0)) this.#flushNow();
      if (!this.#flushing) return;
      await this.#flushing;
    }
  }

  #flushNow(): void {
    clearTimeout(this.#lingering);
    this.#lingering = undefined;
    // An empty queue (`take` claimed everything) starts nothing: a flush that ended synchronously
    // would leave a settled promise behind as `#flushing`, and `drain` would wait on it forever.
    if (this.#flushing || this.#queue.length === 0) return;
    this.#flushing = this.#flush();
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
        this.#writing = 0;
        // Items that came in while this batch was written wait out the linger too, unless they fill a
        // batch: written at once they went a few at a time, each statement a round trip of CPU.
        if (this.lingerMs > 0 && this.#queue.length < this.maxBatch) break;
      }
    } finally {
      this.#writing = 0;
      this.#flushing = undefined;
      if (this.#queue.length > 0 && this.#lingering === undefined) this.#linger();
    }
  }
}
