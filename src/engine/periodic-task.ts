import type { Logger } from 'pino';

/** A background loop that can be stopped and awaited. */
export interface PeriodicTask {
  stop(): Promise<void>;
}

/**
 * Runs `tick` repeatedly: after each tick it sleeps for `delayAfter(result)` milliseconds. A
 * failing tick is logged and retried after `errorDelayMs`; the loop never dies of an error.
 */
export function startPeriodicTask<T>(name: string, logger: Logger, tick: () => Promise<T>, delayAfter: (result: T) => number, errorDelayMs = 1_000): PeriodicTask {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let delay: number;
      try {
        delay = delayAfter(await tick());
      } catch (error) {
        logger.warn({ error: (error as Error).message, task: name }, 'background task failed; will retry');
        delay = errorDelayMs;
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.max(0, delay));
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
