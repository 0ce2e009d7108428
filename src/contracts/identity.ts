import { z } from 'zod';
import { roles } from '../core/permissions.js';

export const roleSchema = z.enum(roles);

/** Who the caller is (`GET /api/v1/auth/me`), with what their role may do. */
export const principalSchema = z
  .object({
    kind: z.enum(['user', 'api_key', 'local']),
    id: z.string(),
    tenantId: z.guid().describe('The default tenant is 00000000-0000-0000-0000-000000000001, not an RFC 4122 uuid.'),
    role: roleSchema,
    projectId: z.uuid().nullable(),
    label: z.string().describe("The user's email or the key's visible prefix."),
    permissions: z.array(z.string()),
  })
  .meta({ id: 'Principal' });

/** `GET /api/v1/auth/me`: the caller with its role's permissions. */
export type PrincipalView = z.infer<typeof principalSchema>;

export const loginRequestSchema = z.strictObject({
  email: z.string().min(3).max(254),
  password: z.string().min(1).max(1024),
});

export const refreshRequestSchema = z.strictObject({
  refreshToken: z.string().min(1).max(200).describe('The single-use refresh token of the last login or refresh.'),
});

/** A session: a short-lived access token (`Authorization: Bearer`) and the refresh token that renews it once. */
export const sessionSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string().describe('Single use: each refresh returns a new one; presenting a used one ends the session.'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Seconds until the access token expires.'),
    principal: principalSchema,
  })
  .meta({ id: 'Session' });

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('The visible start of the key; the rest is never shown again.'),
    role: roleSchema,
    projectId: z.uuid().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

export type ApiKey = z.infer<typeof apiKeySchema>;

export const createApiKeyRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: roleSchema.default('developer').describe('At most the creator’s own role.'),
  projectId: z.uuid().optional().describe('Scope the key to one project: it sees and creates only that project’s runs.'),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** The created key: `key` appears in this response only. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string().describe('The whole key. Shown once; store it now.') }).meta({ id: 'CreatedApiKey' });

export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    disabled: z.boolean(),
    hasPassword: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export type User = z.infer<typeof userSchema>;

export const createUserRequestSchema = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().max(100).default(''),
  role: roleSchema.default('developer'),
  password: z.string().min(12).max(1024).optional().describe('At least 12 characters. Without it the user cannot sign in until one is set.'),
});

export const updateUserRequestSchema = z.strictObject({
  name: z.string().trim().max(100).optional(),
  role: roleSchema.optional(),
  password: z.string().min(12).max(1024).optional(),
  disabled: z.boolean().optional().describe('A disabled user is signed out everywhere and cannot sign in.'),
});

export const idParamsSchema = z.strictObject({ id: z.uuid() });
