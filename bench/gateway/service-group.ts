import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitForExit } from '../agentbus-process.js';

/** One long-running child process of the benchmark (a server) and the tail of its output. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Its last output lines (stdout and stderr), shown when something goes wrong. */
  describeOutput(): string;
  /** Resolves with the first stdout line matching `pattern`, or rejects when the process exits or `timeoutMs` passes. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

const outputTailLines = 30;

/**
 * The servers of one benchmark run, so that every one of them is stopped at the end, on an error,
 * and (synchronously, from an `exit` or signal handler) when the benchmark itself is interrupted.
 */
export class ServiceGroup {
  readonly #services: ServiceProcess[] = [];

  /** Spawns `command args` with its output piped (kept as a tail), in the repository's folder. */
  spawn(name: string, command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ServiceProcess {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const lineListeners = new Set<(line: string) => void>();
    const remember = (chunk: Buffer, fromStdout: boolean) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (fromStdout) for (const listener of lineListeners) listener(line);
      }
      tail.splice(0, Math.max(0, tail.length - outputTailLines));
    };
    child.stdout?.on('data', (chunk: Buffer) => remember(chunk, true));
    child.stderr?.on('data', (chunk: Buffer) => remember(chunk, false));
    // A spawn failure (no such binary) must reject the waits, not crash the benchmark.
    child.on('error', (error) => tail.push(`spawn failed: ${error.message}`));

    const service: ServiceProcess = {
      name,
      child,
      describeOutput: () => `${name} (pid ${child.pid ?? '?'}${hasExited(child) ? `, exited ${child.exitCode ?? child.signalCode}` : ''}), last output:\n    ${tail.join('\n    ')}`,
      waitForLine: (pattern, timeoutMs) =>
        new Promise<RegExpExecArray>((resolve, reject) => {
          const cleanUp = () => {
            clearTimeout(timer);
            lineListeners.delete(onLine);
            child.off('exit', onExit);
          };
          const onLine = (line: string) => {
            const match = pattern.exec(line);
            if (!match) return;
            cleanUp();
            resolve(match);
          };
          const onExit = () => {
            cleanUp();
            reject(new Error(`${name} exited before printing ${pattern}\n${service.describeOutput()}`));
          };
          const timer = setTimeout(() => {
            cleanUp();
            reject(new Error(`${name} did not print ${pattern} within ${timeoutMs / 1000} s\n${service.describeOutput()}`));
          }, timeoutMs);
          lineListeners.add(onLine);
          child.once('exit', onExit);
        }),
    };
    this.#services.push(service);
    return service;
  }

  /** SIGTERM to every live service (newest first, so Agent Bus flushes its ledger before its database goes), SIGKILL after 10 s. */
  async stopAll(): Promise<void> {
    for (const service of [...this.#services].reverse()) {
      if (hasExited(service.child)) continue;
      service.child.kill('SIGTERM');
      if (!(await waitForExit(service.child, 10_000))) {
        process.stderr.write(`${service.name} did not exit within 10 s of SIGTERM: killing it\n`);
        service.child.kill('SIGKILL');
        await waitForExit(service.child, 5_000);
      }
    }
  }

  /** Synchronous, so it also works from a process `exit` handler. */
  killAllNow(): void {
    for (const service of this.#services) {
      if (!hasExited(service.child)) service.child.kill('SIGKILL');
    }
  }
}

/** Polls `probe` every `intervalMs` until it is true; rejects when `service` exits or `timeoutMs` passes. */
export async function waitUntilReady(service: ServiceProcess, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 25): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (hasExited(service.child)) throw new Error(`${service.name} exited before it was ready\n${service.describeOutput()}`);
    if (await probe()) return;
    if (performance.now() > deadline) throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s\n${service.describeOutput()}`);
    await sleep(intervalMs);
  }
}

/**
 * Waits until `service` uses less than `maxCpuShare` of one core over a second (all its threads,
 * from /proc), at most `timeoutMs`: a server may still be warming up after it answers (Agent Bus
 * compiles its Terraform parser's WebAssembly in a thread for seconds), which would otherwise
 * tax the first measurements. Resolves with the last second's share (NaN without /proc).
 */
export async function waitUntilIdle(service: ServiceProcess, timeoutMs: number, maxCpuShare = 0.1): Promise<number> {
  const ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture Node supports
  const readCpuSeconds = async () => {
    const stat = await readFile(`/proc/${service.child.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  };
  const deadline = performance.now() + timeoutMs;
  let share = Number.NaN;
  try {
    while (performance.now() < deadline) {
      const before = await readCpuSeconds();
      const startedAt = performance.now();
      await sleep(1_000);
      share = ((await readCpuSeconds()) - before) / ((performance.now() - startedAt) / 1_000);
      if (share < maxCpuShare) return share;
    }
  } catch {
    // No /proc (not Linux) or the process is gone: the caller's next step reports the latter.
  }
  return share;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}
