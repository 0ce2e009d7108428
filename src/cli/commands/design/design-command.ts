import { createHash } from 'node:crypto';
import path from 'node:path';
import { mlopsArchitectOutputSchema, type MlopsArchitectOutput } from '../../../contracts/mlops-architect.js';
import { createApiClient, type ApiClient } from '../../api-client.js';
import { connectApiClient } from '../../connect-api-client.js';
import { onShutdownSignal } from '../../on-shutdown-signal.js';
import { createDesignProgress, formatDuration } from '../../output/design-progress.js';
import type { DesignResult } from '../../output/design-result.js';
import { createProgress } from '../../output/progress.js';
import { renderDesignSummary } from '../../output/render-design-summary.js';
import { progressColours as pc } from '../../output/terminal-colours.js';
import { createPrompter, type Prompter } from './create-prompter.js';
import { followDesignRun } from './follow-design-run.js';
import type { GateDependencies } from './gate-dependencies.js';
import { inspectOutputDirectory, removeEarlierDesign } from './inspect-output-directory.js';
import { loadDesignConfig } from './load-design-config.js';
import { PersonNeededError } from './person-needed-error.js';
import { readAnswersFile } from './read-answers-file.js';
import { checkEntryName, readZipEntries } from './read-zip-entries.js';
import { startLocalAgentBus, type LocalAgentBus } from './start-local-agent-bus.js';
import { writeFilesInside } from './write-files-inside.js';

/** Flags of `agentbus design`. */
export interface DesignFlags {
  out?: string;
  yes?: boolean;
  answers?: string;
  json?: boolean;
  project?: string;
  review?: boolean;
  force?: boolean;
}

/** Exit codes, as `agentbus design --help` documents them. */
export const designExitCodes = { designed: 0, failed: 1, rejected: 2, interrupted: 130 } as const;

/**
 * `agentbus design "<requirements>"`: runs the MLOps Architect from one command. Without
 * `AGENTBUS_URL` it starts the database (embedded unless `DATABASE_URL`), the engine and the API in
 * this process; either way it drives the run through the HTTP API like any client: creates it,
 * follows its events, decides its gates, downloads the zip and extracts it into `--out`.
 */
export async function runDesignCommand(requirements: string, flags: DesignFlags): Promise<void> {
  const startedAt = performance.now();
  const config = loadDesignConfig(process.env);
  const presetAnswers = flags.answers === undefined ? undefined : { file: flags.answers, answers: await readAnswersFile(flags.answers) };
  const requestedOut = flags.out === undefined ? undefined : path.resolve(flags.out);
  // Refuse an unusable --out before spending a design on it.
  if (requestedOut) await inspectOutputDirectory(requestedOut, flags.force === true);

  const interrupted = new AbortController();
  let prompter: Prompter | undefined;
  let local: Promise<LocalAgentBus> | undefined;
  let api: ApiClient | undefined;
  let runId: string | undefined;
  let runEnded = false;
  onShutdownSignal(async () => {
    interrupted.abort();
    prompter?.close();
    let note = '';
    if (api && runId && !runEnded) {
      note = await api.cancelRun(runId).then(
        () => `: run ${runId} cancelled`,
        // A run that ended a moment ago cannot be cancelled, and needs no saying so.
        (error: unknown) => ((error as { code?: string }).code === 'RUN_NOT_CANCELLABLE' ? '' : `: could not cancel run ${runId} (${(error as Error).message})`),
      );
    }
    process.stderr.write(`\n${pc.yellow('interrupted')}${note}\n`);
    const started = await local?.catch(() => undefined);
    await started?.stop();
  }, designExitCodes.interrupted);

  let url: string;
  if (config.server.kind === 'remote') {
    url = config.server.url;
  } else {
    const startup = await createProgress();
    local = startLocalAgentBus(config.server.config, startup);
    const started = await local.catch((error: unknown) => {
      startup.fail('could not start Agent Bus');
      throw error;
    });
    startup.succeed(`Agent Bus ready in ${formatDuration(performance.now() - startedAt)} ${pc.dim(`(${started.database})`)}`);
    url = started.url;
  }

  try {
    if (interrupted.signal.aborted) return await untilShutdown;
    // A remote server wants the key saved for it (or AGENTBUS_API_KEY); the private in-process one runs without authentication.
    api = config.server.kind === 'remote' ? await connectApiClient({ ...process.env, AGENTBUS_URL: url }) : createApiClient(url);
    const run = await api.createRun({ workflow: 'mlops-architect', input: {
        request: requirements,
        ...(flags.project ? { project: flags.project } : {}),
        ...(flags.review ? { review: true } : {}),
        // --yes alone: the workflow applies the defaults itself instead of parking the run at each question gate.
        ...(flags.yes && !presetAnswers ? { acceptDefaults: true } : {}),
      } });
    runId = run.id;
    process.stderr.write(`${pc.dim(`designing: run ${run.id}${config.server.kind === 'remote' ? ` on ${url}` : ''}`)}\n`);
    const progress = createDesignProgress();
    prompter = flags.yes || !process.stdin.isTTY ? undefined : createPrompter();
    const dependencies: GateDependencies = {
      api,
      progress,
      prompter,
      yes: flags.yes === true,
      presetAnswers,
      usedAnswerIds: new Set(),
      person: config.person,
      width: Math.min(160, Math.max(60, (process.stderr.columns ?? 100) - 6)),
    };
    const result = await driveRun(api, run.id, dependencies, interrupted.signal, flags, requestedOut).finally(() => {
      progress.stop();
      prompter?.close();
    });
    runEnded = true;
    if (!result) return await untilShutdown;
    const unused = Object.keys(presetAnswers?.answers ?? {}).filter((id) => !dependencies.usedAnswerIds.has(id));
    if (unused.length > 0) process.stderr.write(`${pc.yellow('warning')} no gate asked ${unused.join(', ')}; ${unused.length === 1 ? 'that answer was' : 'those answers were'} ignored\n`);
    result.durationMs = performance.now() - startedAt;
    process.stdout.write(`${flags.json ? JSON.stringify(result, null, 2) : renderDesignSummary(result)}\n`);
    process.exitCode = result.outcome === 'designed' && result.status === 'succeeded' ? designExitCodes.designed : result.outcome === 'rejected' ? designExitCodes.rejected : designExitCodes.failed;
  } catch (error) {
    // Once interrupted, requests fail as the server stops under them; the signal handler reports and exits.
    if (interrupted.signal.aborted) return await untilShutdown;
    throw error;
  } finally {
    if (!interrupted.signal.aborted) await (await local?.catch(() => undefined))?.stop();
  }
}

/** Never settles: after Ctrl-C the shutdown handler cancels the run, stops what this process started and exits 130. */
const untilShutdown = new Promise<never>(() => undefined);

/** Follows the run to its end and, when it designed something, writes it; undefined when interrupted. */
async function driveRun(api: ApiClient, runId: string, dependencies: GateDependencies, signal: AbortSignal, flags: DesignFlags, requestedOut: string | undefined): Promise<DesignResult | undefined> {
  const result: DesignResult = { runId, status: 'running', outcome: null, constraints: null, plan: null, findings: [], confidence: null, validation: null, artifact: null, outputDir: null, files: 0, diff: null, error: null, durationMs: 0 };
  let ended;
  try {
    ended = await followDesignRun(runId, dependencies, signal);
  } catch (error) {
    if (!(error instanceof PersonNeededError)) throw error;
    // Nobody can decide: cancel rather than leave the run waiting for its deadlines.
    const cancelled = await api.cancelRun(runId);
    dependencies.progress.line(`${pc.red('✗')} ${error.message}`);
    return { ...result, status: cancelled.status, error: { code: error.code, message: error.message } };
  }
  if (!ended) return undefined;
  result.status = ended.status;
  if (ended.status !== 'succeeded') {
    result.error = ended.error ? { code: ended.error.code, message: ended.error.message } : { code: 'RUN_NOT_SUCCEEDED', message: `The run ended ${ended.status}.` };
    dependencies.progress.line(`${pc.red('✗')} the run ${ended.status}: ${result.error.code}: ${result.error.message}`);
    return result;
  }
  const parsed = mlopsArchitectOutputSchema.safeParse(ended.output);
  if (!parsed.success) {
    return { ...result, status: 'failed', error: { code: 'UNEXPECTED_OUTPUT', message: `The run's output does not match the mlops-architect contract: ${parsed.error.issues[0]?.message ?? 'unknown'}` } };
  }
  const output: MlopsArchitectOutput = parsed.data;
  Object.assign(result, { outcome: output.outcome, constraints: output.constraints, plan: output.plan, findings: output.findings, confidence: output.confidence, validation: output.validation, diff: output.diff });
  if (output.outcome === 'rejected' || !output.artifact) return result;

  const zip = await api.downloadArtifact(output.artifact.id);
  const hash = createHash('sha256').update(zip).digest('hex');
  if (hash !== output.artifact.contentHash) throw new Error(`The downloaded design (${output.artifact.name}) does not match its hash; nothing was written. Try again.`);
  const files = readZipEntries(zip);
  const zipName = checkEntryName(output.artifact.name);
  const zipFile = 'path' in zipName && !zipName.path.includes('/') ? zipName.path : 'design.zip';
  const outputDir = requestedOut ?? path.resolve(zipFile.replace(/\.zip$/, ''));
  const existing = await inspectOutputDirectory(outputDir, flags.force === true);
  if (existing.kind === 'earlier-design') await removeEarlierDesign(outputDir, existing);
  await writeFilesInside(outputDir, new Map([...files, [zipFile, zip]]));
  return { ...result, artifact: path.join(outputDir, zipFile), outputDir, files: files.size };
}
