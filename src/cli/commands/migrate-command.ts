import { createLogger } from '../../observability/create-logger.js';
import { parseEnvironment, serverEnvironmentSchema } from '../config/server-config.js';
import { openDatabase } from '../open-database.js';
import { createProgress } from '../output/progress.js';

/** `agentbus migrate`: applies pending migrations (and LangGraph's checkpoint tables), then exits. */
export async function runMigrateCommand(): Promise<void> {
  const config = parseEnvironment(serverEnvironmentSchema, process.env);
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: process.stderr.isTTY === true, destination: 2 });
  const progress = await createProgress();
  const applied: string[] = [];
  const database = await openDatabase(config, logger, (message) => {
    if (message.startsWith('applying migration ')) applied.push(message.slice('applying migration '.length));
    progress.step(message);
  }, 'agentbus-migrate');
  await database.close();
  progress.succeed(applied.length > 0 ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'the database is up to date');
}
