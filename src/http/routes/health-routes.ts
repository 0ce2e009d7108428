import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthSchema, readinessSchema } from '../../contracts/health.js';
import { isDatabaseMigrated } from '../../store/migrate-database.js';
import type { AppDependencies } from '../app-dependencies.js';

/** `/healthz` (the process answers) and `/readyz` (database reachable and migrated). */
export function registerHealthRoutes(app: FastifyInstance, dependencies: AppDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/healthz', { config: { permission: 'public', rateLimit: false }, schema: { tags: ['health'], response: { 200: healthSchema } } }, async () => ({ status: 'ok' as const }));
  routes.get('/readyz', { config: { permission: 'public', rateLimit: false }, schema: { tags: ['health'], response: { 200: readinessSchema, 503: readinessSchema } } }, async (_request, reply) => {
    let database = false;
    let migrations = false;
    try {
      await dependencies.pool.query('SELECT 1');
      database = true;
      migrations = await isDatabaseMigrated(dependencies.pool, dependencies.latestMigrationVersion);
    } catch {
      // Reported as not ready below.
    }
    const ready = database && migrations;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { database, migrations } });
  });
}
