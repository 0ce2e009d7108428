import os from 'node:os';
import { formatMilliseconds, judgeTarget, type ReportLine } from '../bench-report.js';
import { summarize } from '../percentiles.js';
import type { BenchTarget } from './bench-target.js';
import type { LatencyRun } from './measure-latency.js';

/** One target's figures in one round at one concurrency. */
interface RoundFigures {
  p50: number;
  p99: number;
  overheadP50: number;
  overheadP99: number;
  throughput: number;
}

/** One target's figures at one concurrency: the median over rounds of each round's figure. */
export interface TargetFigures extends RoundFigures {
  target: BenchTarget;
  rounds: RoundFigures[];
  samples: number;
  errors: LatencyRun['errors'];
}

/** Every target's figures at one concurrency. */
export interface PhaseFigures {
  concurrency: number;
  measuredRequests: number;
  byTarget: Record<BenchTarget['name'], TargetFigures>;
}

/** Agent Bus's targets (from the issue), in milliseconds added over a direct call. */
export interface AddedLatencyTargets {
  /** At concurrency 1. */
  p50AtOne: number;
  p99AtOne: number;
  /** At the high concurrency. */
  p99AtHigh: number;
}

/** The figures of one target's rounds at one concurrency (median of the per-round percentiles). */
export function summarizeRounds(target: BenchTarget, runs: readonly LatencyRun[]): TargetFigures {
  const rounds = runs.map((run): RoundFigures => {
    const latency = summarize(run.latenciesMs);
    const overhead = summarize(run.overheadMs);
    return { p50: latency.p50, p99: latency.p99, overheadP50: overhead.p50, overheadP99: overhead.p99, throughput: run.throughput };
  });
  const errors: LatencyRun['errors'] = new Map();
  for (const [key, entry] of runs.flatMap((run) => [...run.errors])) {
    const known = errors.get(key);
    if (known) known.count += entry.count;
    else errors.set(key, { ...entry });
  }
  const medianOf = (pick: (round: RoundFigures) => number) => summarize(rounds.map(pick)).p50;
  return {
    target,
    rounds,
    samples: runs.reduce((total, run) => total + run.latenciesMs.length, 0),
    errors,
    p50: medianOf((round) => round.p50),
    p99: medianOf((round) => round.p99),
    overheadP50: medianOf((round) => round.overheadP50),
    overheadP99: medianOf((round) => round.overheadP99),
    throughput: medianOf((round) => round.throughput),
  };
}

/** Milliseconds added over the direct call at percentile `quantile` (median over rounds of each). */
export function addedLatency(phase: PhaseFigures, name: Exclude<BenchTarget['name'], 'direct'>, quantile: 'p50' | 'p99'): number {
  return phase.byTarget[name][quantile] - phase.byTarget.direct[quantile];
}

/** The results block of one concurrency: each target's latency, what it adds, the targets. */
export function describePhase(phase: PhaseFigures, targets: AddedLatencyTargets, isHighConcurrency: boolean): ReportLine[] {
  const { direct, relay, fastify, agentbus, portkey } = phase.byTarget;
  const lines: ReportLine[] = [[`concurrency ${phase.concurrency}`, `${direct.rounds.length} rounds × ${phase.measuredRequests.toLocaleString('en-US')} requests per target`]];
  for (const figures of [direct, relay, fastify, agentbus, portkey]) {
    const added = (quantile: 'p50' | 'p99') => (figures === direct ? '' : ` (${formatAdded(figures[quantile] - direct[quantile])})`);
    lines.push([`  ${figures.target.label}`, `p50 ${formatMilliseconds(figures.p50)}${added('p50')} · p99 ${formatMilliseconds(figures.p99)}${added('p99')} · ${formatRate(figures.throughput)}`]);
    if (figures !== direct) {
      const perRound = (quantile: 'p50' | 'p99') => figures.rounds.map((round, index) => formatAdded(round[quantile] - (direct.rounds[index]?.[quantile] ?? Number.NaN), '')).join(' / ');
      lines.push(['    added, each round', `p50 ${perRound('p50')} · p99 ${perRound('p99')} ms`]);
    }
    if (figures.target.overheadHeader !== undefined) {
      lines.push([`    ${figures.target.overheadHeader}`, `p50 ${formatMilliseconds(figures.overheadP50)} · p99 ${formatMilliseconds(figures.overheadP99)}  (its own measure: time not spent waiting on the provider)`]);
    }
    for (const [key, entry] of figures.errors) lines.push([`    ERRORS ${key}`, `${entry.count} requests; first: ${entry.example.replace(/\s+/g, ' ').slice(0, 200)}`]);
  }
  const addedP50 = addedLatency(phase, 'agentbus', 'p50');
  const addedP99 = addedLatency(phase, 'agentbus', 'p99');
  lines.push(['  targets (Agent Bus added)', '']);
  if (!isHighConcurrency) lines.push([`    p50 ≤ ${formatMilliseconds(targets.p50AtOne)}`, `${formatAdded(addedP50)}: ${judgeTarget(addedP50, targets.p50AtOne, 'atMost')}`]);
  const p99Target = isHighConcurrency ? targets.p99AtHigh : targets.p99AtOne;
  lines.push([`    p99 ≤ ${formatMilliseconds(p99Target)}`, `${formatAdded(addedP99)}: ${judgeTarget(addedP99, p99Target, 'atMost')}`]);
  const ahead = (quantile: 'p50' | 'p99') => {
    const ours = addedLatency(phase, 'agentbus', quantile);
    const theirs = addedLatency(phase, 'portkey', quantile);
    return `${quantile} ${formatAdded(ours)} vs ${formatAdded(theirs)}: ${ours < theirs ? 'yes' : 'no'}`;
  };
  lines.push(['    ahead of Portkey', `${ahead('p50')} · ${ahead('p99')}`]);
  // The targets against what any Node relay costs here: below the relay's own figure, no Node gateway can meet them on this machine.
  const floor = (quantile: 'p50' | 'p99') => `${quantile} ${formatAdded(addedLatency(phase, 'relay', quantile))}`;
  const beyond = (quantile: 'p50' | 'p99') => `${quantile} ${formatAdded(addedLatency(phase, 'agentbus', quantile) - addedLatency(phase, 'relay', quantile))}`;
  const framework = (quantile: 'p50' | 'p99') => `${quantile} ${formatAdded(addedLatency(phase, 'fastify', quantile))}`;
  lines.push(['    the bare Node relay adds', `${floor('p50')} · ${floor('p99')}  (the floor of any Node gateway here)`]);
  lines.push(['    the bare Fastify relay adds', `${framework('p50')} · ${framework('p99')}  (the floor of a gateway on Fastify)`]);
  lines.push(['    Agent Bus beyond the Node relay', `${beyond('p50')} · ${beyond('p99')}  (what Fastify, validation, rate limits, budgets, breaker and ledger cost)`]);
  return lines;
}

/** A snippet for the README's performance section. */
export function toMarkdown(phases: readonly PhaseFigures[], targets: AddedLatencyTargets, facts: { portkeyVersion: string; postgres: string; rounds: number }): string {
  const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`;
  const pair = (left: number, right: number, signed: boolean) => (signed ? `${formatAdded(left, '')} / ${formatAdded(right)}` : `${left.toFixed(2)} / ${formatMilliseconds(right)}`);
  const rows = phases.map((phase, index) => {
    const { direct } = phase.byTarget;
    const target = index === 0 ? `p50 ≤ ${targets.p50AtOne} ms, p99 ≤ ${targets.p99AtOne} ms` : `p99 ≤ ${targets.p99AtHigh} ms`;
    const added = (name: Exclude<BenchTarget['name'], 'direct'>) => pair(addedLatency(phase, name, 'p50'), addedLatency(phase, name, 'p99'), true);
    return `| ${phase.concurrency} | ${pair(direct.p50, direct.p99, false)} | ${added('relay')} | ${added('fastify')} | ${added('agentbus')} | ${added('portkey')} | ${target} |`;
  });
  const overhead = phases.map((phase) => `${formatMilliseconds(phase.byTarget.agentbus.overheadP50)} / ${formatMilliseconds(phase.byTarget.agentbus.overheadP99)} at concurrency ${phase.concurrency}`).join(', ');
  const throughput = phases.at(-1);
  return [
    '### Gateway latency (`npm run bench:gateway`)',
    '',
    'Latency Agent Bus adds to a non-streaming chat completion — rate limits, budget reservation and settlement, circuit breaker and cost ledger all on, PostgreSQL-backed — over calling the same local mock provider directly, next to [Portkey gateway](https://github.com/Portkey-AI/gateway) ' +
      `${facts.portkeyVersion} against the same mock in the same run. Added = gateway percentile − direct percentile, each the median of ${facts.rounds} interleaved rounds. ` +
      `Measured on ${cpu}, Node ${process.version}, PostgreSQL ${facts.postgres}, everything on loopback on one machine.`,
    '',
    '| concurrency | direct p50 / p99 | bare Node relay added p50 / p99 | bare Fastify relay added | Agent Bus added p50 / p99 | Portkey added p50 / p99 | Agent Bus target |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Agent Bus's own \`x-agentbus-overhead-ms\` header (time not spent waiting on the provider), p50 / p99: ${overhead}.` +
      (throughput
        ? ` Throughput at concurrency ${throughput.concurrency}: direct ${formatRate(throughput.byTarget.direct.throughput)}, bare Node relay ${formatRate(throughput.byTarget.relay.throughput)}, bare Fastify relay ${formatRate(throughput.byTarget.fastify.throughput)}, Agent Bus ${formatRate(throughput.byTarget.agentbus.throughput)}, Portkey ${formatRate(throughput.byTarget.portkey.throughput)}.`
        : ''),
  ].join('\n');
}

/** `+1.23 ms` or `−0.04 ms`: a difference keeps its sign. */
function formatAdded(milliseconds: number, unit = ' ms'): string {
  if (!Number.isFinite(milliseconds)) return 'n/a';
  const sign = milliseconds < 0 ? '−' : '+';
  return `${sign}${Math.abs(milliseconds).toFixed(2)}${unit}`;
}

function formatRate(requestsPerSecond: number): string {
  return `${Math.round(requestsPerSecond).toLocaleString('en-US')} req/s`;
}
