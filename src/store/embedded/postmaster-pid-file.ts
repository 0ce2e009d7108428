import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** What `postmaster.pid` says about the server running (or once running) on a data directory. */
export interface PostmasterPidFile {
  pid: number;
  port: number;
  /** `starting`, `ready`, `stopping` or `standby` (PostgreSQL ≥ 10 writes it on line 8). */
  status: string;
}

/**
 * Reads `postmaster.pid`. Its layout is fixed by PostgreSQL's `miscadmin.h` (LOCK_FILE_LINE_*):
 * line 1 pid, 2 data directory, 3 start time, 4 port, 5 socket directory, 6 listen address,
 * 7 shared memory key, 8 status.
 */
export async function readPostmasterPidFile(dataDirectory: string): Promise<PostmasterPidFile | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDirectory, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) {
    return undefined;
  }
  return { pid, port, status: (lines[7] ?? '').trim() };
}

/** Whether a process with this pid exists and is a PostgreSQL server (not a recycled pid). */
export async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') {
      return false;
    }
  }
  try {
    const command = await readFile(`/proc/${pid}/comm`, 'utf8');
    return command.trim().startsWith('postgres');
  } catch {
    // No /proc (macOS): trust the liveness check above.
    return true;
  }
}
