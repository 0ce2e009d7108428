import ora from 'ora';
import type { RunEvent } from '../../contracts/run-event.js';
import { formatAnswer } from './format-answer.js';
import { formatConfidence } from './format-confidence.js';
import { shorten } from './shorten.js';
import { progressColours as pc } from './terminal-colours.js';

/** The live view of a design on stderr: one line per finished agent, its reason card, a spinner for the ones running. */
export interface DesignProgress {
  /** Renders one run event; approval requests are left to the gate prompts. */
  show(event: RunEvent): void;
  /** Writes a line of its own (gate prompts, warnings) without tearing the spinner. */
  line(text: string): void;
  /** Stops the spinner while a person is asked something, so the prompt keeps its line. */
  pause(): void;
  resume(): void;
  stop(): void;
}

/** `384 ms`, `1.2 s`. */
export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}

/**
 * Creates the design's progress view. On a terminal a spinner names the agents running and for how
 * long (the three critics run at once); elsewhere (CI logs, `2> file`) only finished agents print,
 * so the log stays one line per agent plus its card.
 */
export function createDesignProgress(): DesignProgress {
  const stream = process.stderr;
  const width = Math.min(160, Math.max(60, (stream.columns ?? 100) - 6));
  const spinner = stream.isTTY ? ora({ stream, discardStdin: false }) : undefined;
  const running = new Map<string, number>();
  let paused = false;

  const spinnerText = () => {
    const names = [...running.keys()];
    const since = Math.min(...running.values());
    return `${names.join(', ')} ${pc.dim(formatDuration(Date.now() - since))}`;
  };
  const refresh = () => {
    if (!spinner) return;
    if (paused || running.size === 0) {
      spinner.stop();
      return;
    }
    spinner.text = spinnerText();
    if (!spinner.isSpinning) spinner.start();
  };
  const ticker = spinner ? setInterval(refresh, 200) : undefined;
  ticker?.unref();

  const line = (text: string) => {
    spinner?.clear();
    stream.write(`${text}\n`);
    if (spinner?.isSpinning) spinner.render();
  };

  const render = (event: RunEvent): string | undefined => {
    switch (event.type) {
      case 'node-start':
        running.set(event.data.node, Date.now());
        return undefined;
      case 'node-end': {
        running.delete(event.data.node);
        if (event.data.status === 'interrupted') return undefined;
        const failed = event.data.status !== 'succeeded';
        const mark = failed ? pc.red('✗') : pc.green('✓');
        return `${mark} ${event.data.node} ${pc.dim(formatDuration(event.data.durationMs))}${event.data.error ? pc.red(` ${event.data.error.code}: ${shorten(event.data.error.message, width)}`) : ''}`;
      }
      case 'reason-card': {
        const heading = `  ${pc.magenta('◆')} ${pc.bold(event.data.agent)} ${formatConfidence(event.data.confidence, pc)}  `;
        return `${heading}${shorten(event.data.decision, Math.max(30, width - event.data.agent.length - 10))}\n    ${pc.dim(shorten(event.data.reasoning, width - 4))}`;
      }
      case 'approval-decided': {
        const outcome = event.data.outcome;
        const who = outcome.auto ? 'the deadline passed, so its timeout outcome applied' : `by ${outcome.decidedBy ?? 'someone'}`;
        const colour = outcome.decision === 'reject' ? pc.red : pc.green;
        return `${pc.yellow('!')} ${event.data.gate}: ${colour(outcome.decision)} ${pc.dim(`(${who})`)}`;
      }
      case 'approval-escalated':
        return `${pc.yellow('↑')} ${event.data.gate}: escalated to ${event.data.escalatedTo} ${pc.dim('(the deadline passed)')}`;
      case 'run-queued':
        return event.data.reason === 'retry' || event.data.reason === 'worker-lost' ? pc.yellow(`… requeued (${event.data.reason}), attempt ${event.data.attempt}`) : undefined;
      case 'run-cancel-requested':
        return pc.yellow('… cancellation requested');
      case 'artifact-created':
        return event.data.mediaType === 'application/zip' ? `${pc.green('+')} ${event.data.name} ${pc.dim(`${(event.data.size / 1024).toFixed(1)} KiB`)}` : undefined;
      case 'custom': {
        if (event.data.name !== 'defaults-accepted') return undefined;
        const values = Object.entries((event.data.payload as { values?: Record<string, unknown> }).values ?? {});
        return [`${pc.cyan('?')} clarifying questions: ${values.length} answered with their defaults (--yes)`, ...values.map(([id, value]) => `    ${id} = ${formatAnswer(value)} ${pc.dim('(default)')}`)].join('\n');
      }
      case 'llm-call':
        return event.data.status === 'succeeded' ? undefined : pc.yellow(`  … ${event.data.agent ?? 'llm'}: ${event.data.provider}/${event.data.model} ${event.data.status}${event.data.errorKind ? ` (${event.data.errorKind})` : ''}`);
      case 'budget-warning':
        return pc.yellow(`! budget (${event.data.scope}) past its warning threshold`);
      case 'run-started':
      case 'run-waiting':
      case 'run-ended':
      case 'approval-requested':
        return undefined;
      default: {
        const unreachable: never = event;
        return JSON.stringify(unreachable);
      }
    }
  };

  return {
    show(event) {
      const text = render(event);
      if (text !== undefined) line(text);
      refresh();
    },
    line,
    pause() {
      paused = true;
      spinner?.stop();
    },
    resume() {
      paused = false;
      refresh();
    },
    stop() {
      clearInterval(ticker);
      spinner?.stop();
    },
  };
}
