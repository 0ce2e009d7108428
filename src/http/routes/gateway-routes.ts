import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { breakerSchema, gatewayProviderSchema } from '../../contracts/gateway.js';
import type { LlmGateway } from '../../gateway/start-llm-gateway.js';

/**
 * The gateway's state: this process's circuit breakers (each process keeps its own: a breaker
 * protects the process from waiting on a failing provider) and the configured providers (never
 * their keys).
 */
export function registerGatewayRoutes(app: FastifyInstance, llm: LlmGateway): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    '/api/v1/gateway/breakers',
    { config: { permission: 'read' }, schema: { tags: ['llm gateway'], summary: "This process's circuit breakers per provider and model", response: { 200: z.object({ items: z.array(breakerSchema) }) } } },
    async () => ({ items: llm.gateway.breakers() }),
  );
  routes.get(
    '/api/v1/gateway/providers',
    { config: { permission: 'read' }, schema: { tags: ['llm gateway'], summary: 'Configured providers (without keys)', response: { 200: z.object({ items: z.array(gatewayProviderSchema), chain: z.array(z.string()) }) } } },
    async () => {
      const chain = llm.catalog.defaultChain;
      return {
        chain: [...chain],
        items: llm.catalog.providers.map((provider) => ({
          name: provider.name,
          type: provider.type,
          baseUrl: provider.baseUrl ?? null,
          models: provider.models,
          source: provider.source,
          inDefaultChain: chain.some((reference) => reference.startsWith(`${provider.name}/`)),
        })),
      };
    },
  );
}
