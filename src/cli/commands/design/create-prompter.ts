import { createInterface, type Interface } from 'node:readline/promises';
import { progressColours as pc } from '../../output/terminal-colours.js';

/** Asks a person one line at a time on the terminal, each question with a deadline. */
export interface Prompter {
  /**
   * Asks `text` and resolves with the line typed, `''` once input has ended (Ctrl-D), or
   * `undefined` when the deadline passes or `signal` aborts first (someone else decided).
   */
  ask(text: string, deadline: Date, signal: AbortSignal): Promise<string | undefined>;
  close(): void;
}

/** `4:05 left`, `1:02:03 left`. */
export function formatTimeLeft(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return `${hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}` : minutes}:${rest} left`;
}

/**
 * A prompter on stdin, writing to stderr (stdout stays for the result). On a terminal the prompt
 * line is rewritten every second with the time left, keeping what the person has typed so far;
 * otherwise the deadline is printed once. The readline interface opens at the first question, so a
 * design that asks nothing never puts the terminal into raw mode.
 */
export function createPrompter(): Prompter {
  let reader: Interface | undefined;
  const inputEnded = new AbortController();

  const open = (): Interface => {
    if (reader) return reader;
    reader = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY === true && process.stderr.isTTY === true });
    // In raw mode Ctrl-C reaches readline, not the process: without this it would only pause
    // input, and the design could not be interrupted while it asks.
    reader.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
    reader.on('close', () => inputEnded.abort());
    return reader;
  };

  return {
    async ask(text, deadline, signal) {
      if (inputEnded.signal.aborted) return '';
      const lineReader = open();
      const deadlinePassed = new AbortController();
      const timer = setTimeout(() => deadlinePassed.abort(), Math.max(0, deadline.getTime() - Date.now()));
      const render = () => `${text} ${pc.dim(`(${formatTimeLeft(deadline.getTime() - Date.now())})`)} ${pc.cyan('›')} `;
      const ticker = lineReader.terminal
        ? setInterval(() => {
            lineReader.setPrompt(render());
            lineReader.prompt(true);
          }, 1000)
        : undefined;
      try {
        const query = lineReader.terminal ? render() : `${text} ${pc.dim(`(answer before ${deadline.toLocaleTimeString()})`)} › `;
        return await lineReader.question(query, { signal: AbortSignal.any([signal, deadlinePassed.signal, inputEnded.signal]) });
      } catch (error) {
        // Checked first: an interrupt closes the input too, and must not read as Ctrl-D.
        if (signal.aborted || deadlinePassed.signal.aborted) {
          process.stderr.write('\n');
          return undefined;
        }
        if (inputEnded.signal.aborted) return '';
        throw error;
      } finally {
        clearTimeout(timer);
        clearInterval(ticker);
      }
    },
    close() {
      reader?.close();
    },
  };
}
