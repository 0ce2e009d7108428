/**
 * Runs `shutdown` once on the first SIGTERM or SIGINT, then exits with `exitCode` (a server stopping
 * on request exits 0; an interrupted foreground command such as `design` exits 130). A second signal
 * exits at once (the runs still in flight are recovered by other workers from their last checkpoint).
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => Promise<void>, exitCode = 0): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write('\nForced exit.\n');
      process.exit(130);
    }
    stopping = true;
    shutdown(signal).then(
      () => process.exit(exitCode),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
