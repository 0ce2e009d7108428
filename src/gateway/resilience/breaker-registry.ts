import { BrokenCircuitError, circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { isProviderError } from '../provider-error.js';

export type BreakerStateName = 'closed' | 'open' | 'half-open';

/** A breaker as the API and metrics show it. */
export interface BreakerSnapshot {
  provider: string;
  model: string;
  state: BreakerStateName;
  /** Consecutive failures counted toward opening (while closed). */
  consecutiveFailures: number;
  openedAt: string | null;
  /** How many times it opened since the process started. */
  opened: number;
}

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before letting one probe through. */
  halfOpenAfterMs: number;
}

/** The breaker refused the call: the provider is open, or half-open with its one probe in flight. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
  constructor(
    readonly provider: string,
    readonly model: string,
    readonly state: BreakerStateName,
  ) {
    super(`${provider}/${model} is unavailable: its circuit breaker is ${state}`);
  }
}

interface Entry {
  policy: CircuitBreakerPolicy;
  snapshot: BreakerSnapshot;
}

/**
 * One circuit breaker per provider and model (cockatiel's, with a consecutive-failure breaker).
 * Only provider failures count (5xx, 429, timeouts, stalls, cuts, network); a bad request or the
 * caller's abort says nothing about the provider's health. While half-open exactly one probe is in
 * flight: other calls are refused at once (cockatiel would queue them behind the probe, which for a
 * streamed probe could be minutes) so the failover chain serves them.
 */
export class BreakerRegistry {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly options: BreakerOptions,
    private readonly onStateChange: (snapshot: BreakerSnapshot) => void = () => undefined,
  ) {}

  /** Runs `work` through the breaker of `provider/model`; throws ProviderUnavailableError when it refuses. */
  async execute<T>(provider: string, model: string, work: () => Promise<T>): Promise<T> {
    const entry = this.#entry(provider, model);
    if (entry.policy.state === CircuitState.HalfOpen) throw new ProviderUnavailableError(provider, model, 'half-open');
    try {
      return await entry.policy.execute(work);
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new ProviderUnavailableError(provider, model, 'open');
      throw error;
    }
  }

  /** Whether a call to `provider/model` would be refused right now (for choosing where to start). */
  isRefusing(provider: string, model: string): boolean {
    const entry = this.#entries.get(`${provider}/${model}`);
    if (!entry) return false;
    if (entry.policy.state === CircuitState.HalfOpen) return true;
    if (entry.policy.state !== CircuitState.Open || entry.snapshot.openedAt === null) return false;
    return Date.now() - Date.parse(entry.snapshot.openedAt) < this.options.halfOpenAfterMs;
  }

  snapshots(): BreakerSnapshot[] {
    return [...this.#entries.values()].map((entry) => ({ ...entry.snapshot }));
  }

  #entry(provider: string, model: string): Entry {
    const key = `${provider}/${model}`;
    let entry = this.#entries.get(key);
    if (entry) return entry;
    const policy = circuitBreaker(
      handleWhen((error) => isProviderError(error) && error.retryable),
      { halfOpenAfter: this.options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.failureThreshold) },
    );
    const snapshot: BreakerSnapshot = { provider, model, state: 'closed', consecutiveFailures: 0, openedAt: null, opened: 0 };
    policy.onFailure(({ handled }) => {
      if (handled) snapshot.consecutiveFailures += 1;
    });
    policy.onSuccess(() => {
      snapshot.consecutiveFailures = 0;
    });
    policy.onStateChange((state) => {
      snapshot.state = state === CircuitState.Open ? 'open' : state === CircuitState.HalfOpen ? 'half-open' : 'closed';
      if (state === CircuitState.Open) {
        snapshot.openedAt = new Date().toISOString();
        snapshot.opened += 1;
      }
      if (state === CircuitState.Closed) {
        snapshot.openedAt = null;
        snapshot.consecutiveFailures = 0;
      }
      this.onStateChange({ ...snapshot });
    });
    entry = { policy, snapshot };
    this.#entries.set(key, entry);
    return entry;
  }
}
