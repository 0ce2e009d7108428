import type { RunEventData } from '../../../contracts/run-event.js';
import { formatConfidence } from '../../output/format-confidence.js';
import { shorten } from '../../output/shorten.js';
import { progressColours as pc } from '../../output/terminal-colours.js';
import type { GateDependencies } from './gate-dependencies.js';
import { PersonNeededError } from './person-needed-error.js';
import { sendGateDecision } from './send-gate-decision.js';

/** The parts of a review gate's payload worth showing (the final-design gate carries all of them). */
interface ReviewPayload {
  summary?: unknown;
  confidence?: unknown;
  components?: unknown;
  findings?: unknown;
}

interface ShownFinding {
  code: string;
  severity: string;
  message: string;
  fix?: string;
}

const isFinding = (value: unknown): value is ShownFinding =>
  typeof value === 'object' && value !== null && typeof (value as ShownFinding).code === 'string' && typeof (value as ShownFinding).severity === 'string' && typeof (value as ShownFinding).message === 'string';

/**
 * Decides a gate without questions (the final design review): shows the plan summary, confidence
 * and findings, then approves under `--yes` or asks y/N at the terminal until the deadline (Enter
 * rejects; after the deadline the gate's own timeout outcome applies on the server).
 */
export async function decideReviewGate(request: RunEventData<'approval-requested'>, dependencies: GateDependencies, signal: AbortSignal): Promise<void> {
  const { progress, prompter, yes, person, width } = dependencies;
  if (!yes && !prompter) throw new PersonNeededError(request.gate, request.reason);
  const approval = await dependencies.api.getApproval(request.approvalId);
  const payload = (typeof approval.payload === 'object' && approval.payload !== null ? approval.payload : {}) as ReviewPayload;
  progress.pause();
  try {
    progress.line(`${pc.yellow('?')} ${pc.bold(request.gate)}: ${request.reason}`);
    if (typeof payload.summary === 'string') progress.line(`  ${payload.summary}`);
    if (typeof payload.confidence === 'number') progress.line(`  confidence ${formatConfidence(payload.confidence, pc)}`);
    if (Array.isArray(payload.components)) progress.line(`  ${pc.dim('components:')} ${shorten(payload.components.map(String).join(', '), width * 2)}`);
    const findings = Array.isArray(payload.findings) ? payload.findings.filter(isFinding) : [];
    for (const finding of findings) {
      const colour = finding.severity === 'blocking' ? pc.red : finding.severity === 'warning' ? pc.yellow : pc.dim;
      progress.line(`  ${colour(`${finding.severity} ${finding.code}`)}: ${shorten(finding.message, width - finding.code.length - 12)}`);
      if (finding.fix) progress.line(`    ${pc.dim(`fix: ${shorten(finding.fix, width - 10)}`)}`);
    }
    if (yes) {
      progress.line(`  ${pc.green('approved')} ${pc.dim('(--yes)')}`);
      await sendGateDecision(dependencies, request.approvalId, { decision: 'approve', decidedBy: `${person} (--yes)` });
      return;
    }
    const deadline = new Date(request.deadline);
    for (;;) {
      const typed = await (prompter as NonNullable<typeof prompter>).ask(`  Approve and generate the repository? [y/N] ${pc.dim(`(then ${request.timeoutOutcome.decision})`)}`, deadline, signal);
      if (typed === undefined) {
        if (Date.now() >= deadline.getTime()) progress.line(pc.yellow(`  the deadline passed: ${request.timeoutOutcome.decision}`));
        return;
      }
      const answer = typed.trim().toLowerCase();
      if (answer !== '' && !/^(y|yes|n|no)$/.test(answer)) {
        progress.line(pc.red('  answer y or n'));
        continue;
      }
      const approve = answer.startsWith('y');
      await sendGateDecision(dependencies, request.approvalId, { decision: approve ? 'approve' : 'reject', decidedBy: person });
      return;
    }
  } finally {
    progress.resume();
  }
}
