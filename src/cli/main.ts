import { Command } from 'commander';
import { colours as pc } from './output/terminal-colours.js';
import {
  cancelRunCommand,
  decideApprovalCommand,
  listApprovalsCommand,
  listRunsCommand,
  listWorkflowsCommand,
  retryRunCommand,
  runWorkflowCommand,
  showRunCommand,
} from './commands/client-commands.js';
import { runMigrateCommand } from './commands/migrate-command.js';
import { runServerProcess } from './commands/serve-command.js';
import { packageVersion } from './package-version.js';

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
  .action((options) => runServerProcess(options, true));

program
  .command('worker')
  .description('Run workers only, against the same database as `serve` (for scale-out).')
  .option('-c, --concurrency <n>', 'runs executed at once (AGENTBUS_CONCURRENCY, default 10)')
  .action((options) => runServerProcess(options, false));

program.command('migrate').description('Apply database migrations and exit.').action(() => runMigrateCommand());

program
  .command('run <workflow>')
  .description('Create a run; with --follow, render its events live until it ends.')
  .option('-i, --input <json|@file>', 'the run input: inline JSON or @path/to/input.json')
  .option('-f, --follow', 'stream the run events until the run ends')
  .option('--priority <n>', 'higher runs first')
  .option('--idempotency-key <key>', 'repeat safely: the same key returns the same run')
  .option('--json', 'print JSON instead of text')
  .action((workflow: string, options) => runWorkflowCommand(workflow, options));

const runs = program.command('runs').description('List, inspect, cancel and retry runs.');
runs.command('list').option('--status <status>').option('--workflow <name>').option('--limit <n>').option('--cursor <cursor>').option('--json').action((options) => listRunsCommand(options));
runs.command('show <runId>').option('-f, --follow', 'stream events until the run ends').option('--json').action((runId: string, options) => showRunCommand(runId, options));
runs.command('cancel <runId>').action((runId: string) => cancelRunCommand(runId));
runs.command('retry <runId>').action((runId: string) => retryRunCommand(runId));

const approvals = program.command('approvals').description('List and decide approvals.');
approvals.command('list').option('--run <runId>').option('--status <status>', 'pending (default), approved, rejected, expired, cancelled').option('--json').action((options) => listApprovalsCommand(options));
approvals
  .command('decide <approvalId>')
  .option('--approve')
  .option('--reject')
  .option('--answer <key=value...>', 'answer the gate questions (unanswered ones take their defaults)')
  .option('--comment <text>')
  .option('--by <name>', 'who decides (defaults to $USER)')
  .action((approvalId: string, options) => decideApprovalCommand(approvalId, options));

program.command('workflows').description('List the workflows this server can run.').option('--json').action((options) => listWorkflowsCommand(options));

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${pc.red('error')} ${(error as Error).message}\n`);
  process.exit(1);
});
