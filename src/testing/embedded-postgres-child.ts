// A separate process that starts the embedded PostgreSQL and reports it, so tests can kill it
// with SIGKILL (leaving an orphan server) or run it as another user.
import { startEmbeddedPostgres } from '../store/embedded/embedded-postgres-launcher.js';

const dataDirectory = process.argv[2];
if (!dataDirectory) throw new Error('usage: embedded-postgres-child <data directory>');
const server = await startEmbeddedPostgres({ dataDirectory, databaseName: 'postgres' });
process.stdout.write(`READY ${JSON.stringify({ port: server.port, origin: server.origin, connectionString: server.connectionString })}\n`);
process.on('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
setInterval(() => undefined, 1_000);
