import type { RunEventData } from '../../../contracts/run-event.js';
import { formatAnswer } from '../../output/format-answer.js';
import { shorten } from '../../output/shorten.js';
import { progressColours as pc } from '../../output/terminal-colours.js';
import { formatTimeLeft } from './create-prompter.js';
import type { GateDependencies } from './gate-dependencies.js';
import { parseAnswer } from './parse-answer.js';
import { PersonNeededError } from './person-needed-error.js';
import { sendGateDecision } from './send-gate-decision.js';

/**
 * Answers a gate's clarifying questions: from `--answers` (the file's answers to these questions,
 * defaults for the rest), with the defaults under `--yes`, or by asking at the terminal until the
 * deadline, after which the server applies the defaults by itself and we stop asking. The decision
 * is always `answer`; questions left out take their defaults on the server.
 */
export async function answerQuestionGate(request: RunEventData<'approval-requested'>, dependencies: GateDependencies, signal: AbortSignal): Promise<void> {
  const { progress, presetAnswers, yes, prompter, person } = dependencies;
  const count = `${request.questions.length} question${request.questions.length === 1 ? '' : 's'}`;
  if (presetAnswers || yes) {
    const values: Record<string, unknown> = {};
    for (const question of request.questions) {
      if (presetAnswers && Object.hasOwn(presetAnswers.answers, question.id)) {
        values[question.id] = presetAnswers.answers[question.id];
        dependencies.usedAnswerIds.add(question.id);
      }
    }
    const source = presetAnswers ? `from ${presetAnswers.file}` : 'with the defaults (--yes)';
    progress.line(`${pc.yellow('?')} ${request.gate}: ${count}, answered ${source}`);
    for (const question of request.questions) {
      const given = Object.hasOwn(values, question.id);
      progress.line(`    ${question.id} = ${formatAnswer(given ? values[question.id] : question.default)}${given ? '' : pc.dim(' (default)')}`);
    }
    await sendGateDecision(dependencies, request.approvalId, { decision: 'answer', values, decidedBy: `${person} (${presetAnswers ? '--answers' : '--yes'})` });
    return;
  }
  if (!prompter) throw new PersonNeededError(request.gate, count);

  const deadline = new Date(request.deadline);
  const approval = await dependencies.api.getApproval(request.approvalId);
  const understood = (approval.payload as { understoodSoFar?: unknown } | null)?.understoodSoFar;
  progress.pause();
  try {
    progress.line(`${pc.yellow('?')} ${pc.bold(`${count} before the design goes on`)} ${pc.dim(`(${request.gate}; Enter keeps the default, which applies to all at ${deadline.toLocaleTimeString()}, ${formatTimeLeft(deadline.getTime() - Date.now())})`)}`);
    if (typeof understood === 'string') progress.line(`  ${pc.dim('understood so far:')} ${shorten(understood, dependencies.width - 20)}`);
    const values: Record<string, unknown> = {};
    for (const [index, question] of request.questions.entries()) {
      progress.line(`  ${pc.dim(`${index + 1}/${request.questions.length}`)} ${question.text}`);
      if (question.choices) progress.line(`      ${pc.dim(`choices: ${question.choices.map(String).join(', ')}${Array.isArray(question.default) ? ' (comma-separated; "none" for none)' : ''}`)}`);
      for (;;) {
        const typed = await prompter.ask(`      ${question.id} ${pc.dim(`[${formatAnswer(question.default)}]`)}`, deadline, signal);
        if (typed === undefined) {
          // Otherwise the gate was decided elsewhere (its approval-decided line says by whom) or the design was interrupted.
          if (Date.now() >= deadline.getTime()) progress.line(pc.yellow('  the deadline passed: the defaults apply'));
          return;
        }
        const parsed = parseAnswer(question, typed);
        if (parsed.kind === 'invalid') {
          progress.line(pc.red(`      ${parsed.problem}`));
          continue;
        }
        if (parsed.kind === 'value') values[question.id] = parsed.value;
        break;
      }
    }
    await sendGateDecision(dependencies, request.approvalId, { decision: 'answer', values, decidedBy: person });
  } finally {
    progress.resume();
  }
}
