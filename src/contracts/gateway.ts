import { z } from 'zod';

/** A circuit breaker of one process, per provider and model. */
export const breakerSchema = z
  .object({
    provider: z.string(),
    model: z.string(),
    state: z.enum(['closed', 'open', 'half-open']),
    consecutiveFailures: z.number().int(),
    openedAt: z.string().nullable(),
    opened: z.number().int(),
  })
  .meta({ id: 'CircuitBreaker' });

/** A configured provider as the API shows it (never its key). */
export const gatewayProviderSchema = z
  .object({ name: z.string(), type: z.string(), baseUrl: z.string().nullable(), models: z.array(z.string()), source: z.string(), inDefaultChain: z.boolean() })
  .meta({ id: 'GatewayProvider' });
