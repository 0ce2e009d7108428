/** Reports the steps of a long operation: a spinner on a terminal, plain lines otherwise. */
export interface Progress {
  step(message: string): void;
  succeed(message: string): void;
  fail(message: string): void;
}

/** Creates progress output on stderr (stdout stays clean for data and logs); the spinner library loads only for a terminal. */
export async function createProgress(): Promise<Progress> {
  if (!process.stderr.isTTY) {
    return {
      step: (message) => process.stderr.write(`… ${message}\n`),
      succeed: (message) => process.stderr.write(`✓ ${message}\n`),
      fail: (message) => process.stderr.write(`✗ ${message}\n`),
    };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr });
  return {
    step: (message) => {
      if (spinner.isSpinning) spinner.succeed();
      spinner.start(message);
    },
    succeed: (message) => spinner.succeed(message),
    fail: (message) => spinner.fail(message),
  };
}
