import os from 'node:os';
import type { Distribution } from './percentiles.js';

/** One labelled figure of a header or results block. */
export type ReportLine = readonly [label: string, value: string];

/**
 * Prints the benchmark's title and the machine facts every figure depends on (cores, Node,
 * PostgreSQL), followed by the benchmark's own settings.
 */
export function printHeader(title: string, serverVersion: string, settings: readonly ReportLine[]): void {
  const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown';
  printBlock(`agentbus benchmark: ${title}`, [
    ['cpus', `${os.cpus().length} × ${cpuModel}`],
    ['memory', `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`],
    ['node', process.version],
    ['postgresql', serverVersion],
    ['platform', `${os.platform()} ${os.release()} ${os.arch()}`],
    // Other processes on the machine (a test run, a build) move every figure: say so up front.
    ['load average', describeLoad()],
    ...settings,
  ]);
}

/** Prints the final results block, ending with the load average the run left behind. */
export function printResults(lines: readonly ReportLine[]): void {
  printBlock('results', [...lines, ['load average', `${describeLoad()} (at the end)`]]);
}

/** Prints one progress line while the benchmark works (kept apart from the results). */
export function printProgress(message: string): void {
  process.stdout.write(`  · ${message}\n`);
}

/** Milliseconds with a precision that suits their size. */
export function formatMilliseconds(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 1_000) return `${(value / 1_000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** `p50 … p95 … p99 … max …` of a distribution of milliseconds. */
export function formatDistribution(distribution: Distribution, quantiles: readonly ('min' | 'mean' | 'p50' | 'p95' | 'p99' | 'max')[] = ['p50', 'p95', 'p99', 'max']): string {
  return `${quantiles.map((name) => `${name} ${formatMilliseconds(distribution[name])}`).join(' · ')}  (n=${distribution.count})`;
}

/** `met` or `NOT met` for a figure that must stay at or below (`atMost`) or reach (`atLeast`) a target. */
export function judgeTarget(value: number, target: number, direction: 'atMost' | 'atLeast'): string {
  const met = direction === 'atMost' ? value <= target : value >= target;
  return met ? 'met' : 'NOT met';
}

function describeLoad(): string {
  return `${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min)`;
}

function printBlock(title: string, lines: readonly ReportLine[]): void {
  const width = Math.max(...lines.map(([label]) => label.length));
  process.stdout.write(`\n=== ${title} ===\n`);
  for (const [label, value] of lines) {
    process.stdout.write(`  ${label.padEnd(width)}  ${value}\n`);
  }
  process.stdout.write('\n');
}
