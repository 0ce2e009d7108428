/** How long to wait before the next attempt of a failed run. */
export interface BackoffOptions {
  /** Delay before the second attempt, in milliseconds. */
  baseDelayMs: number;
  /** Upper bound of any delay, in milliseconds. */
  maxDelayMs: number;
}

export const defaultBackoff: BackoffOptions = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/**
 * Exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform delay in [0, min(max, base·2^(attempt-1))]. Full jitter spreads retries of runs that
 * failed together (a provider outage) instead of moving the herd in lockstep. `random` is injected
 * so tests can pin it.
 *
 * @param attempt the attempt that just failed, starting at 1
 */
export function computeRetryDelayMs(attempt: number, options: BackoffOptions = defaultBackoff, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(exponent, 30));
  // Never zero: a retry scheduled "now" would be claimed before the failing worker even returns.
  return Math.max(Math.round(ceiling * random()), Math.min(50, ceiling));
}
