import type pg from 'pg';

/** Round trips of one kind of statement: how many, and their summed client-side time. */
export interface StatementTally {
  count: number;
  totalMs: number;
}

/** Counts and times every statement a pool's connections send, grouped by a caller-chosen kind. */
export interface QueryProfile {
  /** Tallies since the profile started or was last reset, largest total time first. */
  tallies(): [kind: string, tally: StatementTally][];
  reset(): void;
}

type QueryFunction = (...parameters: unknown[]) => unknown;

/**
 * Wraps `query` of every connection `pool` opens from now on, so a benchmark can say where an
 * engine's time goes (which statements, how many per run or node) without touching src/. Create
 * the pool, profile it, then hand it to the engine: connections opened earlier are not seen.
 */
export function profileQueries(pool: pg.Pool, classify: (sql: string) => string): QueryProfile {
  let byKind = new Map<string, StatementTally>();
  const record = (kind: string, startedAt: number) => {
    const tally = byKind.get(kind) ?? { count: 0, totalMs: 0 };
    tally.count += 1;
    tally.totalMs += performance.now() - startedAt;
    byKind.set(kind, tally);
  };
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as QueryFunction;
    const wrapped: QueryFunction = (...parameters) => {
      const first = parameters[0];
      const sql = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
      const kind = classify(sql);
      const startedAt = performance.now();
      // pg-pool's own pool.query() uses the callback form; everything else uses promises.
      const last = parameters.at(-1);
      if (typeof last === 'function') {
        const callback = last as (...results: unknown[]) => void;
        parameters[parameters.length - 1] = (...results: unknown[]) => {
          record(kind, startedAt);
          callback(...results);
        };
        return original(...parameters);
      }
      const result = original(...parameters);
      if (result instanceof Promise) {
        return result.finally(() => record(kind, startedAt));
      }
      return result;
    };
    (client as unknown as { query: QueryFunction }).query = wrapped;
  });
  return {
    tallies: () => [...byKind.entries()].sort(([, left], [, right]) => right.totalMs - left.totalMs),
    reset: () => {
      byKind = new Map();
    },
  };
}
