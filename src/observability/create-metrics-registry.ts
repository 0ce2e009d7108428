import { collectDefaultMetrics, Registry } from 'prom-client';

/** The metrics registry of a process (served at `/metrics`), with Node's default process metrics. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'agentbus_' });
  return registry;
}
