import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The account PostgreSQL runs as when we are root (PostgreSQL refuses to run as root). */
export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

async function findUser(name: string): Promise<SystemUser | undefined> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  for (const line of passwd.split('\n')) {
    const [userName, , uid, gid] = line.split(':');
    if (userName === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
    }
  }
  return undefined;
}

/** Finds the `postgres` system account, creating it (without a home or login) when missing. */
export async function ensurePostgresSystemUser(): Promise<SystemUser> {
  const existing = await findUser('postgres');
  if (existing) {
    return existing;
  }
  try {
    await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch (error) {
    throw new Error(
      'Running as root, the embedded PostgreSQL needs a "postgres" system account and creating one failed ' +
        `(${(error as Error).message.trim()}). Create it yourself, run as a normal user, or set DATABASE_URL.`,
      { cause: error },
    );
  }
  const created = await findUser('postgres');
  if (!created) {
    throw new Error('useradd reported success but no "postgres" account exists.');
  }
  return created;
}
