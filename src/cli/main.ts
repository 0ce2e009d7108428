import { Command } from 'commander';
import { colours as pc } from './output/terminal-colours.js';
import { packageVersion } from './package-version.js';

// Commands load their modules when they run: `serve` needs LangGraph and Fastify (over a second of
// module loading on a small machine), `runs list` needs neither.
const clientCommands = () => import('./commands/client-commands.js');
const serverProcess = () => import('./commands/serve-command.js');
const designCommand = () => import('./commands/design/design-command.js');

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
  .command('design <requirements>')
  .description('Design an ML system from plain-language requirements with the MLOps Architect, and write the generated repository.')
  .option('-o, --out <dir>', 'extract the repository here (default ./<design name>); the zip is written inside it too')
  .option('-y, --yes', 'no questions: defaults for every clarifying question, approve every gate (for scripts)')
  .option('-a, --answers <file>', 'JSON object of question id → answer, e.g. {"cloud":"gcp","workloads":["batch_inference"]}; unasked ids are ignored with a warning, unanswered questions take their defaults')
  .option('--json', 'print one JSON object on stdout (runId, status, constraints, plan, findings, confidence, artifact, outputDir, diff); progress stays on stderr')
  .option('--project <name>', 'designs in one project are versions of each other; each reports its diff against the previous one', 'default')
  .option('--review', 'ask for approval of the design before code generation even when confidence is high')
  .option('--force', 'write into a non-empty --out that holds something other than an unedited earlier design')
  .addHelpText(
    'after',
    `
Without AGENTBUS_URL, design starts its own Agent Bus in this process (embedded PostgreSQL in
AGENTBUS_DATA_DIR unless DATABASE_URL is set) and stops it at the end; with AGENTBUS_URL it uses that
server. Progress, reason cards and prompts go to stderr; the summary (or --json) to stdout.

Gates: clarifying questions are asked at the terminal with a countdown (Enter keeps the default;
lists take comma-separated values); when the deadline passes the defaults apply and the design goes
on. A final review (low confidence, an open compliance finding, or --review) asks y/N. When stdin is
not a terminal, a gate that needs a person stops the design (the run is cancelled, nothing is
written) unless --yes, or --answers for the questions, decides it.

Output: files are only ever written inside --out. A missing or empty folder is used as is; a folder
holding an earlier design whose generated files are unedited is replaced (files you added stay);
anything else needs --force. An archive entry that would land outside the folder aborts extraction.

Exit codes: 0 designed and written; 1 failed (run failed or cancelled, nobody to decide a gate,
unusable --out, server unreachable); 2 rejected at a gate; 130 interrupted (the run is cancelled).

Examples:
  $ agentbus design "real-time fraud detection, sub-100ms, PCI DSS, 10k rps"
  $ agentbus design "nightly churn scoring on GCP" --answers answers.json --yes --json --out churn`,
  )
  .action(async (requirements: string, options) => (await designCommand()).runDesignCommand(requirements, options));

program
  .command('run <workflow>')
  .description('Create a run; with --follow, render its events live until it ends.')
  .option('-i, --input <json|@file>', 'the run input: inline JSON or @path/to/input.json')
  .option('-f, --follow', 'stream the run events until the run ends')
  .option('--priority <n>', 'higher runs first')
  .option('--idempotency-key <key>', 'repeat safely: the same key returns the same run')
  .option('--project <projectId>', 'the project the run belongs to')
  .option('-l, --label <key=value...>', 'labels policies can read, e.g. --label dataClassification=restricted region=eu-west-1')
  .option('--json', 'print JSON instead of text')
  .action(async (workflow: string, options) => (await clientCommands()).runWorkflowCommand(workflow, options));

const runs = program.command('runs').description('List, inspect, cancel and retry runs.');
runs.command('list').option('--status <status>').option('--workflow <name>').option('--limit <n>').option('--cursor <cursor>').option('--json').action(async (options) => (await clientCommands()).listRunsCommand(options));
runs.command('show <runId>').option('-f, --follow', 'stream events until the run ends').option('--json').action(async (runId: string, options) => (await clientCommands()).showRunCommand(runId, options));
runs.command('cancel <runId>').action(async (runId: string) => (await clientCommands()).cancelRunCommand(runId));
runs.command('retry <runId>').action(async (runId: string) => (await clientCommands()).retryRunCommand(runId));

const approvals = program.command('approvals').description('List and decide approvals.');
approvals
  .command('list')
  .option('--run <runId>')
  .option('--status <status>', 'pending (default), approved, rejected, expired, cancelled')
  .option('--workflow <name>')
  .option('--category <reasonCategory>', 'security, compliance, cost, optimization, quality, input, other')
  .option('--project <projectId>')
  .option('--sort <order>', 'newest (default) or deadline (soonest first)')
  .option('--json')
  .action(async (options) => (await clientCommands()).listApprovalsCommand(options));
approvals
  .command('decide <approvalId>')
  .option('--approve')
  .option('--reject')
  .option('--answer <key=value...>', 'answer the gate questions (unanswered ones take their defaults)')
  .option('--comment <text>')
  .option('--by <name>', 'who decides (defaults to $USER)')
  .action(async (approvalId: string, options) => (await clientCommands()).decideApprovalCommand(approvalId, options));

const identityCommands = () => import('./commands/identity-commands.js');
program
  .command('login')
  .description('Save an API key for AGENTBUS_URL (checked against the server first); without --key it is read from standard input.')
  .option('--key <key>', 'the API key (prefer standard input: a flag lands in shell history)')
  .action(async (options) => (await identityCommands()).loginCommand(options));
program.command('whoami').description('Show who the saved key (or AGENTBUS_API_KEY) acts as.').option('--json').action(async (options) => (await identityCommands()).whoamiCommand(options));

const tenantCommands = () => import('./commands/tenant-commands.js');
const tenants = program.command('tenants').description('Create and list tenants: operator commands on the database itself (DATABASE_URL or the embedded one), like migrate.');
tenants
  .command('create <name>')
  .description("Create a tenant with its first owner; prints the owner's API key once.")
  .requiredOption('--owner-email <email>', "the first owner's email (unique across tenants)")
  .option('--owner-password-stdin', "read the owner's password (12 characters or more) from standard input")
  .option('--json')
  .action(async (name: string, options) => (await tenantCommands()).createTenantCommand(name, options));
tenants.command('list').option('--json').action(async (options) => (await tenantCommands()).listTenantsCommand(options));

const keys = program.command('keys').description('Create, list and revoke API keys (admins and owners).');
keys
  .command('create <name>')
  .description('Create a key; it is printed once.')
  .option('--role <role>', 'owner, admin, developer (default) or viewer; at most your own')
  .option('--project <projectId>', 'scope the key to one project')
  .option('--expires-in-days <n>', 'expire the key after n days')
  .option('--json')
  .action(async (name: string, options) => (await identityCommands()).createKeyCommand(name, options));
keys.command('list').option('--all', 'include revoked keys').option('--json').action(async (options) => (await identityCommands()).listKeysCommand(options));
keys.command('revoke <keyId>').action(async (keyId: string) => (await identityCommands()).revokeKeyCommand(keyId));

const users = program.command('users').description("Manage the tenant's users (admins and owners).");
users.command('list').option('--json').action(async (options) => (await identityCommands()).listUsersCommand(options));
users
  .command('create <email>')
  .option('--role <role>', 'owner, admin, developer (default) or viewer')
  .option('--name <name>')
  .option('--password-stdin', 'read a password (12 characters or more) from standard input')
  .action(async (email: string, options) => (await identityCommands()).createUserCommand(email, options));
users
  .command('update <userId>')
  .option('--role <role>')
  .option('--name <name>')
  .option('--password-stdin', 'read a new password from standard input')
  .option('--disable', 'sign the user out everywhere and refuse their sign-ins')
  .option('--enable')
  .action(async (userId: string, options) => (await identityCommands()).updateUserCommand(userId, options));

const providers = program.command('providers').description('The LLM providers the gateway is configured with.');
providers
  .command('check')
  .description('Send every configured model a five-token request and report what answered (exit 1 if any failed).')
  .option('--timeout <seconds>', 'per model', '30')
  .option('--json', 'print JSON instead of text')
  .action(async (options) => (await import('./commands/providers-command.js')).runProvidersCheckCommand(options));

program.command('workflows').description('List the workflows this server can run.').option('--json').action(async (options) => (await clientCommands()).listWorkflowsCommand(options));

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${pc.red('error')} ${(error as Error).message}\n`);
  process.exit(1);
});
