import { Command } from 'commander';
import { colours as pc } from './output/terminal-colours.js';
import { packageVersion } from './package-version.js';

// Commands load their modules when they run: `serve` needs LangGraph and Fastify (over a second of
// module loading on a small machine), `runs list` needs neither.
const clientCommands = () => import('./commands/client-commands.js');
const serverProcess = () => import('./commands/serve-command.js');

const program = new Command()
  .name('agentbus')
  .description('Agent Bus: durable multi-agent workflows on PostgreSQL, live event streams, approvals with deadlines.')
  .version(packageVersion)
  .showHelpAfterError();

program
  .command('serve')
  .description('Run the API, an embedded worker, the sweeper and the approval timer (embedded PostgreSQL unless DATABASE_URL is set).')
  .option('-p, --port <port>', 'port to listen on (AGENTBUS_PORT, default 4000)')
  .option('--host <host>', 'address to listen on (AGENTBUS_HOST, default 127.0.0.1)')
  .option('-c, --concurrency <n>', 'runs executed at once (AGENTBUS_CONCURRENCY, default 10)')
  .option('--no-worker', 'serve the API only; run workers with `agentbus worker`')
  .option('--allow-insecure-remote', 'listen on a non-loopback address without authentication (dangerous)')
  .action(async (options) => (await serverProcess()).runServerProcess(options, true));

program
  .command('worker')
  .description('Run workers only, against the same database as `serve` (for scale-out).')
  .option('-c, --concurrency <n>', 'runs executed at once (AGENTBUS_CONCURRENCY, default 10)')
  .action(async (options) => (await serverProcess()).runServerProcess(options, false));

program.command('migrate').description('Apply database migrations and exit.').action(async () => (await import('./commands/migrate-command.js')).runMigrateCommand());

program
  .command('run <workflow>')
  .description('Create a run; with --follow, render its events live until it ends.')
  .option('-i, --input <json|@file>', 'the run input: inline JSON or @path/to/input.json')
  .option('-f, --follow', 'stream the run events until the run ends')
  .option('--priority <n>', 'higher runs first')
  .option('--idempotency-key <key>', 'repeat safely: the same key returns the same run')
  .option('--json', 'print JSON instead of text')
  .action(async (workflow: string, options) => (await clientCommands()).runWorkflowCommand(workflow, options));

const runs = program.command('runs').description('List, inspect, cancel and retry runs.');
runs.command('list').option('--status <status>').option('--workflow <name>').option('--limit <n>').option('--cursor <cursor>').option('--json').action(async (options) => (await clientCommands()).listRunsCommand(options));
runs.command('show <runId>').option('-f, --follow', 'stream events until the run ends').option('--json').action(async (runId: string, options) => (await clientCommands()).showRunCommand(runId, options));
runs.command('cancel <runId>').action(async (runId: string) => (await clientCommands()).cancelRunCommand(runId));
runs.command('retry <runId>').action(async (runId: string) => (await clientCommands()).retryRunCommand(runId));

const approvals = program.command('approvals').description('List and decide approvals.');
approvals.command('list').option('--run <runId>').option('--status <status>', 'pending (default), approved, rejected, expired, cancelled').option('--json').action(async (options) => (await clientCommands()).listApprovalsCommand(options));
approvals
  .command('decide <approvalId>')
  .option('--approve')
  .option('--reject')
  .option('--answer <key=value...>', 'answer the gate questions (unanswered ones take their defaults)')
  .option('--comment <text>')
  .option('--by <name>', 'who decides (defaults to $USER)')
  .action(async (approvalId: string, options) => (await clientCommands()).decideApprovalCommand(approvalId, options));

program.command('workflows').description('List the workflows this server can run.').option('--json').action(async (options) => (await clientCommands()).listWorkflowsCommand(options));

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${pc.red('error')} ${(error as Error).message}\n`);
  process.exit(1);
});
