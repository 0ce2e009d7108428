import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { createId } from '../store/ids/create-id.js';
import type { AppDependencies } from './app-dependencies.js';
import { defaultApiProtection, registerApiProtection } from './plugins/register-api-protection.js';
import { registerAuditLog } from './plugins/register-audit-log.js';
import { registerAuthentication } from './plugins/register-authentication.js';
import { registerErrorHandling } from './plugins/register-error-handling.js';
import { registerOpenApi } from './plugins/register-openapi.js';
import { registerApiKeyRoutes } from './routes/api-key-routes.js';
import { registerApprovalRoutes } from './routes/approval-routes.js';
import { registerArtifactRoutes } from './routes/artifact-routes.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerBudgetRoutes } from './routes/budget-routes.js';
import { registerGatewayRoutes } from './routes/gateway-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerMetricsRoute } from './routes/metrics-route.js';
import { registerOpenAiCompatibleRoutes } from './routes/openai-compatible-routes.js';
import { registerPolicyRoutes } from './routes/policy-routes.js';
import { registerProjectRoutes } from './routes/project-routes.js';
import { registerRunRoutes } from './routes/run-routes.js';
import { registerRunStreamRoute } from './routes/run-stream-route.js';
import { registerUserRoutes } from './routes/user-routes.js';
import { registerWorkflowRoutes } from './routes/workflow-routes.js';

const requestIdPattern = /^[\w.:-]{1,100}$/;

/**
 * Builds the HTTP app (never listens; the command that starts the server does). The request
 * pipeline: request id → authentication (`request.principal`) → schema validation → route →
 * one error shape.
 */
export async function createApp(dependencies: AppDependencies, logger: Logger): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: dependencies.bodyLimitBytes,
    // A caller's own X-Request-Id is kept (so logs join across services) when it looks like an id.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : createId();
    },
    // Our onResponse hook logs requests at debug level; Fastify's own per-request info lines would
    // drown the run logs.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
  });
  // The API speaks JSON only; any other body type is a 415, not a string handed to a validator.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Hooks in callback style, and only those that do something: each async hook is a promise and a
  // few microtask hops on every request, which the LLM gateway's latency budget notices.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  if (logger.isLevelEnabled('debug')) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.debug({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request completed');
      done();
    });
  }
  registerErrorHandling(app);
  // Security headers first: a request refused by authentication gets them too.
  await registerApiProtection(app, dependencies.protection ?? defaultApiProtection);
  registerAuthentication(app, dependencies.authentication);
  registerAuditLog(app, dependencies.pool);
  if (dependencies.documentation !== false) await registerOpenApi(app, dependencies.version);
  registerHealthRoutes(app, dependencies);
  registerWorkflowRoutes(app, dependencies);
  registerRunRoutes(app, dependencies);
  registerRunStreamRoute(app, dependencies);
  registerApprovalRoutes(app, dependencies);
  registerArtifactRoutes(app, dependencies);
  registerAuthRoutes(app, dependencies.authentication);
  registerApiKeyRoutes(app, dependencies);
  registerUserRoutes(app, dependencies);
  registerProjectRoutes(app, dependencies);
  registerBudgetRoutes(app, dependencies);
  registerAuditRoutes(app, dependencies);
  if (dependencies.policyEngine) registerPolicyRoutes(app, dependencies, dependencies.policyEngine);
  if (dependencies.llm) {
    registerOpenAiCompatibleRoutes(app, dependencies.llm);
    registerGatewayRoutes(app, dependencies.llm);
  }
  if (dependencies.metrics) registerMetricsRoute(app, dependencies.metrics);
  return app;
}
