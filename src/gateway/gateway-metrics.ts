import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BreakerSnapshot } from './resilience/breaker-registry.js';

/** One finished attempt, as the metrics count it. */
export interface AttemptMeasurement {
  provider: string;
  model: string;
  status: 'succeeded' | 'failed' | 'aborted';
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costMicros: number | null;
  latencyMs: number;
}

export interface GatewayMetrics {
  recordAttempt(measurement: AttemptMeasurement): void;
}

const breakerStateValue = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The gateway's Prometheus metrics, on the registry the process exposes at `/metrics`. Names follow
 * Prometheus conventions; labels are provider and model (bounded by configuration, never by input).
 */
export function createGatewayMetrics(registry: Registry, breakers: () => BreakerSnapshot[]): GatewayMetrics {
  const registers = [registry];
  const attempts = new Counter({ name: 'agentbus_llm_attempts_total', help: 'LLM call attempts by provider, model and status (succeeded, failed, aborted).', labelNames: ['provider', 'model', 'status'], registers });
  const tokens = new Counter({ name: 'agentbus_llm_tokens_total', help: 'Tokens used by LLM calls, by kind (input excludes cache reads and writes).', labelNames: ['provider', 'model', 'kind'], registers });
  const cost = new Counter({ name: 'agentbus_llm_cost_micro_usd_total', help: 'Cost of LLM calls in micro-USD (priced models only).', labelNames: ['provider', 'model'], registers });
  const latency = new Histogram({
    name: 'agentbus_llm_attempt_duration_seconds',
    help: 'Duration of LLM call attempts, to the last byte.',
    labelNames: ['provider', 'model', 'status'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });
  new Gauge({
    name: 'agentbus_llm_circuit_breaker_state',
    help: 'Circuit breaker state per provider and model: 0 closed, 1 half-open, 2 open.',
    labelNames: ['provider', 'model'],
    registers,
    collect() {
      this.reset();
      for (const snapshot of breakers()) this.set({ provider: snapshot.provider, model: snapshot.model }, breakerStateValue[snapshot.state]);
    },
  });
  new Gauge({
    name: 'agentbus_llm_circuit_breaker_opened',
    help: 'How many times each breaker has opened since the process started.',
    labelNames: ['provider', 'model'],
    registers,
    collect() {
      this.reset();
      for (const snapshot of breakers()) this.set({ provider: snapshot.provider, model: snapshot.model }, snapshot.opened);
    },
  });
  // Label children bound once per provider, model and status: looking labels up on every call
  // (validating and hashing them) was a measurable share of a busy gateway's CPU.
  const bound = new Map<string, ReturnType<typeof bindLabels>>();
  const bindLabels = (provider: string, model: string, status: string) => ({
    attempts: attempts.labels(provider, model, status),
    latency: latency.labels(provider, model, status),
    input: tokens.labels(provider, model, 'input'),
    output: tokens.labels(provider, model, 'output'),
    cacheRead: tokens.labels(provider, model, 'cache_read'),
    cacheWrite: tokens.labels(provider, model, 'cache_write'),
    cost: cost.labels(provider, model),
  });
  return {
    recordAttempt(measurement) {
      const key = `${measurement.provider}\u0000${measurement.model}\u0000${measurement.status}`;
      let children = bound.get(key);
      if (children === undefined) {
        children = bindLabels(measurement.provider, measurement.model, measurement.status);
        bound.set(key, children);
      }
      children.attempts.inc();
      children.latency.observe(measurement.latencyMs / 1000);
      if (measurement.inputTokens > 0) children.input.inc(measurement.inputTokens);
      if (measurement.outputTokens > 0) children.output.inc(measurement.outputTokens);
      if (measurement.cacheReadTokens > 0) children.cacheRead.inc(measurement.cacheReadTokens);
      if (measurement.cacheWriteTokens > 0) children.cacheWrite.inc(measurement.cacheWriteTokens);
      if (measurement.costMicros !== null && measurement.costMicros > 0) children.cost.inc(measurement.costMicros);
    },
  };
}
