import type pg from 'pg';
import type { Logger } from 'pino';
import { notificationChannels } from '../store/notification-channels.js';
import { claimRuns, findMillisecondsUntilNextDue } from '../store/runs/claim-runs.js';
import { extendLeases } from '../store/runs/extend-leases.js';
import type { RunRow } from '../store/runs/map-run-row.js';
import { ExecutionControl } from './execution-control.js';
import type { PostgresNotificationListener } from './notification-listener.js';
import type { RunEventAnnouncer } from './run-event-announcer.js';
import type { RunExecutor } from './run-executor.js';
import type { RunFinisher } from './run-finisher.js';

/** Tuning of a worker process. */
export interface RunWorkerOptions {
  /** Runs executed at once by this process. */
  concurrency: number;
  /** The poll floor: the fetcher looks for due runs at least this often even without a NOTIFY. */
  pollIntervalMs: number;
  leaseSeconds: number;
  workerName: string;
}

/** What a worker needs. */
export interface RunWorkerDependencies {
  pool: pg.Pool;
  listener: PostgresNotificationListener;
  executor: RunExecutor;
  logger: Logger;
  /** The key of this process's liveness lock. */
  workerKey: number;
  announcer: RunEventAnnouncer;
  /** When given, a claim waits for an in-flight finish batch (its slots free up together). */
  finisher?: RunFinisher;
}

interface ActiveExecution {
  control: ExecutionControl;
  done: Promise<void>;
}

/**
 * One fetcher per process feeding `concurrency` slots. The fetcher claims as many runs as there
 * are free slots in one statement, then sleeps until a NOTIFY (new run), a freed slot, the next
 * due retry, or the poll floor, whichever comes first. Only the fetcher wakes on NOTIFY, never
 * every slot: waking every loop on each NOTIFY measured 30× worse pickup latency (FIELD-NOTES.md).
 */
export class RunWorker {
  readonly #active = new Map<string, ActiveExecution>();
  readonly #unsubscribe: (() => void)[] = [];
  #stopping = false;
  #wakePending = false;
  /** The last claim filled every free slot, so more runs may be waiting: a freed slot should claim. */
  #backlog = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly dependencies: RunWorkerDependencies,
    private readonly options: RunWorkerOptions,
  ) {}

  /** Runs executing right now in this process. */
  get activeRunIds(): string[] {
    return [...this.#active.keys()];
  }

  async start(): Promise<void> {
    const { listener } = this.dependencies;
    const lookAgain = () => {
      this.#backlog = true;
      this.#signalWake();
    };
    this.#unsubscribe.push(
      await listener.subscribe(notificationChannels.runQueued, lookAgain),
      await listener.subscribe(notificationChannels.runCancel, (runId) => this.#active.get(runId)?.control.requestStop('cancel', 'abort')),
      // Notifications sent while the listener was reconnecting are lost: look again.
      await listener.subscribe('reconnect', lookAgain),
    );
    this.#heartbeat = setInterval(() => void this.#extendLeases(), Math.max(1_000, (this.options.leaseSeconds * 1_000) / 3));
    this.#heartbeat.unref();
    this.#loop = this.#fetchLoop();
  }

  /**
   * Graceful shutdown: stop claiming; give in-flight runs `graceMs` to finish; then ask the rest to
   * stop at their next node boundary and hand them back to the queue (they resume elsewhere from
   * their last checkpoint); abort whatever is still running after `drainMs`.
   */
  async stop(graceMs: number, drainMs = 5_000): Promise<void> {
    this.#stopping = true;
    this.#signalWake();
    await this.#loop;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    const allDone = () => Promise.allSettled([...this.#active.values()].map((execution) => execution.done));
    if (!(await finishesWithin(allDone(), graceMs))) {
      this.dependencies.logger.info({ runs: this.activeRunIds }, 'shutdown: handing unfinished runs back at their next node boundary');
      for (const execution of this.#active.values()) execution.control.requestStop('shutdown', 'drain');
      if (!(await finishesWithin(allDone(), drainMs))) {
        for (const execution of this.#active.values()) execution.control.requestStop('shutdown', 'abort');
        await finishesWithin(allDone(), 2_000);
      }
    }
    clearInterval(this.#heartbeat);
  }

  async #fetchLoop(): Promise<void> {
    const { pool, logger, workerKey } = this.dependencies;
    const claimant = { workerName: this.options.workerName, workerKey, leaseSeconds: this.options.leaseSeconds };
    // The first pass, and every poll-floor pass, looks whether anything is due.
    this.#backlog = true;
    while (!this.#stopping) {
      // Runs finishing in the batch being written free their slots together: claim once for all
      // of them rather than once per run (fewer, larger claims; measured in bench/queue-bench.ts).
      if (this.dependencies.finisher?.busy) {
        await this.dependencies.finisher.drain();
        // Let the finished executions release their slots (promise callbacks) before counting.
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.#wakePending = false;
      const free = this.options.concurrency - this.#active.size;
      let sleepMs = this.options.pollIntervalMs;
      try {
        // A wake-up from a finished run only claims when the last claim left runs behind; NOTIFYs
        // and the poll floor set the backlog flag. This avoids an empty claim per finished run.
        if (free > 0 && this.#backlog) {
          const claimed = await claimRuns(pool, claimant, free);
          for (const run of claimed) {
            this.dependencies.announcer.announce(run.id, run.last_event_seq);
            this.#launch(run);
          }
          this.#backlog = claimed.length === free;
          if (this.#backlog) continue;
          if (claimed.length === 0) {
            // Nothing due now: sleep until the earliest future run (a retry's backoff), if sooner.
            const untilDue = await findMillisecondsUntilNextDue(pool);
            if (untilDue !== undefined) sleepMs = Math.min(sleepMs, Math.max(1, untilDue));
          }
        }
      } catch (error) {
        logger.warn({ error: (error as Error).message }, 'claiming runs failed; retrying');
        sleepMs = 1_000;
      }
      const sleptFully = await this.#sleep(sleepMs);
      // Woken by nothing for a whole poll interval (or until a due time): look again.
      if (sleptFully) this.#backlog = true;
    }
  }

  #launch(run: RunRow): void {
    const { executor, logger, workerKey } = this.dependencies;
    const control = new ExecutionControl();
    if (run.cancel_requested_at) control.requestStop('cancel', 'abort');
    const deadlineTimer = run.deadline_at ? setTimeout(() => control.requestStop('timeout', 'abort'), Math.max(0, run.deadline_at.getTime() - Date.now())) : undefined;
    const done = executor
      .execute(run, workerKey, control)
      .catch((error: unknown) => {
        // The run keeps our lease, which this process stops extending: the sweeper takes it back.
        logger.error({ run_id: run.id, error: (error as Error).message }, 'run execution crashed; its lease will lapse and it will be retried');
      })
      .finally(() => {
        clearTimeout(deadlineTimer);
        this.#active.delete(run.id);
        this.#signalWake();
      });
    this.#active.set(run.id, { control, done });
  }

  async #extendLeases(): Promise<void> {
    if (this.#active.size === 0) return;
    const { pool, logger, workerKey } = this.dependencies;
    await extendLeases(pool, workerKey, this.activeRunIds, this.options.leaseSeconds).catch((error: unknown) => {
      logger.warn({ error: (error as Error).message }, 'extending leases failed');
    });
  }

  #signalWake(): void {
    this.#wakePending = true;
    this.#wake?.();
  }

  /** Sleeps `ms` or until woken; resolves true when the full time passed. */
  #sleep(ms: number): Promise<boolean> {
    if (this.#wakePending || this.#stopping) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve(true);
      }, ms);
      this.#wake = () => {
        this.#wake = undefined;
        clearTimeout(timer);
        resolve(false);
      };
    });
  }
}

async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([work.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
