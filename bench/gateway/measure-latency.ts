import { Pool } from 'undici';
import type { BenchTarget } from './bench-target.js';

/** What one burst of requests through a target measured. */
export interface LatencyRun {
  /** Client-side latency of every 200 answer, request sent → body read, in ms. */
  latenciesMs: number[];
  /** The target's own overhead header of every 200 answer (empty when it has none). */
  overheadMs: number[];
  /** Failed requests by HTTP status or error code, with the first body or message seen. */
  errors: Map<string, { count: number; example: string }>;
  /** Requests actually sent (fewer than asked when the time limit cut the burst short). */
  sent: number;
  elapsedMs: number;
  /** Answers (of any status) per second over the burst. */
  throughput: number;
}

/** A keep-alive connection pool to `target` with exactly `connections` sockets, one request in flight on each. */
export function createTargetPool(target: BenchTarget, connections: number): Pool {
  return new Pool(target.origin, { connections, pipelining: 1, keepAliveTimeout: 300_000, keepAliveMaxTimeout: 300_000 });
}

/**
 * Sends `count` requests through `target` from `concurrency` closed loops (each sends its next
 * request when the previous answer's body has been read) and times each with `performance.now()`.
 * Stops sending after `timeLimitMs`, so a target that slows to a crawl cannot hang the benchmark.
 */
export async function measureLatency(pool: Pool, target: BenchTarget, concurrency: number, count: number, timeLimitMs: number): Promise<LatencyRun> {
  const latencies = new Float64Array(count);
  const overheads = new Float64Array(count);
  const succeeded = new Uint8Array(count);
  const errors: LatencyRun['errors'] = new Map();
  const addError = (key: string, example: string) => {
    const entry = errors.get(key);
    if (entry) entry.count += 1;
    else errors.set(key, { count: 1, example: example.slice(0, 500) });
  };
  let next = 0;
  const startedAt = performance.now();
  const deadline = startedAt + timeLimitMs;

  const loop = async () => {
    while (next < count && performance.now() < deadline) {
      const index = next;
      next += 1;
      const body = target.bodies[index % target.bodies.length];
      const sentAt = performance.now();
      try {
        const response = await pool.request({ method: 'POST', path: target.path, headers: target.headers, body, headersTimeout: 30_000, bodyTimeout: 30_000 });
        const text = await response.body.text();
        const latency = performance.now() - sentAt;
        if (response.statusCode !== 200) {
          addError(`HTTP ${response.statusCode}`, text);
          continue;
        }
        latencies[index] = latency;
        succeeded[index] = 1;
        if (target.overheadHeader !== undefined) overheads[index] = Number(response.headers[target.overheadHeader]);
      } catch (error) {
        addError((error as { code?: string }).code ?? 'error', (error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedMs = performance.now() - startedAt;

  const latenciesMs: number[] = [];
  const overheadMs: number[] = [];
  for (let index = 0; index < next; index += 1) {
    if (succeeded[index] !== 1) continue;
    latenciesMs.push(latencies[index] as number);
    if (target.overheadHeader !== undefined) overheadMs.push(overheads[index] as number);
  }
  return { latenciesMs, overheadMs, errors, sent: next, elapsedMs, throughput: (next / elapsedMs) * 1000 };
}
