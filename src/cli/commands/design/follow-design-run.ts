import type { RunEvent, RunEventData } from '../../../contracts/run-event.js';
import { progressColours as pc } from '../../output/terminal-colours.js';
import { answerQuestionGate } from './answer-question-gate.js';
import { decideReviewGate } from './decide-review-gate.js';
import type { GateDependencies } from './gate-dependencies.js';

/**
 * Follows a design run until it ends, showing each event and deciding each gate as it opens.
 * Events are handled one after another (a prompt holds the queue, so nothing prints over it), but a
 * gate's prompt is cut short the moment its `approval-decided` arrives (the deadline passed on the
 * server, or someone decided in the web UI), or the run ends. Returns the `run-ended` data, or
 * undefined when `signal` stopped the follow (Ctrl-C). A gate that cannot be decided (nobody to
 * ask) stops the follow and rethrows.
 */
export async function followDesignRun(runId: string, dependencies: GateDependencies, signal: AbortSignal): Promise<RunEventData<'run-ended'> | undefined> {
  const { api, progress } = dependencies;
  const gates = new Map<string, AbortController>();
  const stopFollowing = new AbortController();
  let queue = Promise.resolve();
  let failure: { error: unknown } | undefined;
  let ended: RunEventData<'run-ended'> | undefined;

  const handle = async (event: RunEvent): Promise<void> => {
    if (failure || signal.aborted) return;
    if (event.type !== 'approval-requested') {
      progress.show(event);
      return;
    }
    const gate = gates.get(event.data.approvalId) ?? new AbortController();
    const gateSignal = AbortSignal.any([gate.signal, signal]);
    if (event.data.questions.length > 0) await answerQuestionGate(event.data, dependencies, gateSignal);
    else await decideReviewGate(event.data, dependencies, gateSignal);
  };

  const onEvent = (event: RunEvent) => {
    // Synchronous, ahead of the queue: these must reach a prompt that is waiting in it.
    if (event.type === 'approval-requested') gates.set(event.data.approvalId, new AbortController());
    if (event.type === 'approval-decided') gates.get(event.data.approvalId)?.abort();
    if (event.type === 'run-ended') {
      ended = event.data;
      for (const gate of gates.values()) gate.abort();
    }
    queue = queue
      .then(() => handle(event))
      .catch((error: unknown) => {
        failure ??= { error };
        stopFollowing.abort();
      });
  };

  await api.followRunEvents(runId, onEvent, {
    signal: AbortSignal.any([signal, stopFollowing.signal]),
    onReconnect: (attempt) => progress.line(pc.yellow(`… connection to the API lost; reconnecting (attempt ${attempt})`)),
  });
  await queue;
  if (failure) throw failure.error;
  return ended;
}
