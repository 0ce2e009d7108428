import { createHash, randomBytes } from 'node:crypto';
import { hash as hashPassword, verify as verifyPassword } from '@node-rs/argon2';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type pg from 'pg';
import type { Principal } from '../../core/principal.js';
import { createId } from '../../store/ids/create-id.js';
import { apiKeyStore, type ApiKeyRow } from '../../store/identity/api-key-store.js';
import { refreshTokenStore } from '../../store/identity/refresh-token-store.js';
import { userStore, type UserRow } from '../../store/identity/user-store.js';
import { notificationChannels } from '../../store/notification-channels.js';
import { apiKeyMatches, apiKeyPrefixOf } from './api-key-secret.js';

export interface AuthenticatorOptions {
  /** How long an access token is valid. */
  accessTokenTtlSeconds: number;
  /** How long a refresh token is valid (each use replaces it with a new one). */
  refreshTokenTtlSeconds: number;
  /**
   * How long a verified key or user stays cached. Revocations reach every process at once through
   * NOTIFY; this bounds the damage of a missed notification.
   */
  cacheMs: number;
}

export const defaultAuthenticatorOptions: AuthenticatorOptions = { accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 30 * 24 * 3600, cacheMs: 10_000 };

/** A signed-in session: a short-lived access token and the single-use refresh token that renews it. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  principal: Principal;
}

/** Why a credential was refused: logs and tests tell them apart; clients get one 401 for all. */
export type CredentialProblem = 'malformed' | 'unknown' | 'revoked' | 'expired' | 'disabled';

export type Authentication = { principal: Principal } | { problem: CredentialProblem };

interface Cached<T> {
  value: T | undefined;
  at: number;
}

interface NotificationSource {
  subscribe(channel: typeof notificationChannels.credentialsChanged | 'reconnect', handler: (payload: string) => void): Promise<() => void>;
}

const issuer = 'agentbus';
const accessAudience = 'agentbus-api';

/**
 * Turns a bearer credential (an API key or an access token) into a principal, and runs sessions
 * (sign in, refresh, sign out). Keys and users are cached briefly; a revocation anywhere
 * (`credentialsChanged`) evicts them in every process, so a revoked key is refused at once.
 */
export class Authenticator {
  readonly #keys = new Map<string, Cached<ApiKeyRow>>();
  readonly #users = new Map<string, Cached<UserRow>>();
  /** Keys used since the last flush: `last_used_at` is written at most once a minute per key. */
  readonly #usedKeys = new Set<string>();
  readonly #lastTouched = new Map<string, number>();
  readonly #options: AuthenticatorOptions;
  #unsubscribe: Array<() => void> = [];
  #flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly signingKey: Uint8Array,
    options: Partial<AuthenticatorOptions> = {},
  ) {
    this.#options = { ...defaultAuthenticatorOptions, ...options };
  }

  /** Listens for revocations from other processes, and flushes last-used times every minute. */
  async start(notifications: NotificationSource | undefined): Promise<void> {
    if (notifications) {
      this.#unsubscribe.push(await notifications.subscribe(notificationChannels.credentialsChanged, (payload) => this.forget(payload)));
      // Notifications may have been missed while the connection was down.
      this.#unsubscribe.push(await notifications.subscribe('reconnect', () => this.forgetAll()));
    }
    this.#flushTimer = setInterval(() => void this.#flushUsage(), 60_000);
    this.#flushTimer.unref();
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    clearInterval(this.#flushTimer);
    await this.#flushUsage();
  }

  /** `key:<prefix>` or `user:<id>` (the `credentialsChanged` payload). */
  forget(what: string): void {
    const [kind, id = ''] = what.split(':', 2);
    if (kind === 'key') this.#keys.delete(id);
    else if (kind === 'user') this.#users.delete(id);
  }

  forgetAll(): void {
    this.#keys.clear();
    this.#users.clear();
  }

  /** Tells every process (this one included) that a credential changed. */
  async announceChange(what: string): Promise<void> {
    this.forget(what);
    await this.pool.query('SELECT pg_notify($1, $2)', [notificationChannels.credentialsChanged, what]);
  }

  async authenticate(credential: string): Promise<Authentication> {
    const prefix = apiKeyPrefixOf(credential);
    if (prefix !== undefined) return this.#authenticateKey(credential, prefix);
    if (credential.split('.').length === 3) return this.#authenticateAccessToken(credential);
    return { problem: 'malformed' };
  }

  async #authenticateKey(key: string, prefix: string): Promise<Authentication> {
    const row = await this.#cached(this.#keys, prefix, () => apiKeyStore.findByPrefix(this.pool, prefix));
    if (!row || !apiKeyMatches(key, row.secret_hash)) return { problem: 'unknown' };
    if (row.revoked_at !== null) return { problem: 'revoked' };
    if (row.expires_at !== null && row.expires_at.getTime() <= Date.now()) return { problem: 'expired' };
    this.#noteKeyUsed(row.id);
    return { principal: { kind: 'api_key', id: row.id, tenantId: row.tenant_id, role: row.role, projectId: row.project_id, label: row.prefix } };
  }

  async #authenticateAccessToken(token: string): Promise<Authentication> {
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.signingKey, { issuer, audience: accessAudience, algorithms: ['HS256'] });
      subject = payload.sub;
    } catch (error) {
      return { problem: error instanceof joseErrors.JWTExpired ? 'expired' : 'unknown' };
    }
    if (subject === undefined) return { problem: 'unknown' };
    // Role and status come from the user row, not the token: a demotion or a disabled account
    // counts at once instead of when the token expires.
    const user = await this.#cached(this.#users, subject, () => userStore.findById(this.pool, subject));
    if (!user) return { problem: 'unknown' };
    if (user.disabled_at !== null) return { problem: 'disabled' };
    return { principal: userPrincipal(user) };
  }

  /** Checks an email and password; undefined for a wrong pair (which one is wrong is not told). */
  async signIn(email: string, password: string): Promise<Session | undefined> {
    const user = await userStore.findByEmail(this.pool, email);
    if (!user || user.password_hash === null || user.disabled_at !== null) {
      // The same work as a real check, so timing does not tell which emails exist.
      await verifyPassword(await dummyPasswordHash(), password).catch(() => false);
      return undefined;
    }
    if (!(await verifyPassword(user.password_hash, password).catch(() => false))) return undefined;
    return this.#openSession(user, createId());
  }

  /** Exchanges a refresh token for a new session; a token used twice ends its whole family. */
  async refresh(refreshToken: string): Promise<Session | undefined> {
    const use = await refreshTokenStore.use(this.pool, hashToken(refreshToken));
    if (use.status !== 'used') return undefined;
    const user = await userStore.findById(this.pool, use.token.user_id);
    if (!user || user.disabled_at !== null) return undefined;
    return this.#openSession(user, use.token.family_id);
  }

  async signOut(refreshToken: string): Promise<void> {
    const use = await refreshTokenStore.use(this.pool, hashToken(refreshToken));
    if (use.status === 'used') await refreshTokenStore.revokeFamily(this.pool, use.token.family_id);
  }

  async #openSession(user: UserRow, familyId: string): Promise<Session> {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({ tid: user.tenant_id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer(issuer)
      .setAudience(accessAudience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.#options.accessTokenTtlSeconds)
      .setJti(createId())
      .sign(this.signingKey);
    const refreshToken = `abr_${randomBytes(32).toString('base64url')}`;
    await refreshTokenStore.insert(this.pool, {
      id: createId(),
      tenantId: user.tenant_id,
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + this.#options.refreshTokenTtlSeconds * 1000),
    });
    return { accessToken, refreshToken, expiresIn: this.#options.accessTokenTtlSeconds, principal: userPrincipal(user) };
  }

  async #cached<T>(cache: Map<string, Cached<T>>, id: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = cache.get(id);
    const now = Date.now();
    if (hit && now - hit.at < this.#options.cacheMs) return hit.value;
    const value = await load();
    if (cache.size > 10_000) cache.clear();
    cache.set(id, { value, at: now });
    return value;
  }

  #noteKeyUsed(id: string): void {
    const last = this.#lastTouched.get(id) ?? 0;
    if (Date.now() - last < 60_000) return;
    this.#lastTouched.set(id, Date.now());
    this.#usedKeys.add(id);
    // The first use of a key shows at once (people check a fresh key works); later ones batch.
    if (last === 0) void this.#flushUsage();
  }

  async #flushUsage(): Promise<void> {
    if (this.#usedKeys.size === 0) return;
    const ids = [...this.#usedKeys];
    this.#usedKeys.clear();
    await apiKeyStore.touch(this.pool, ids).catch(() => undefined);
  }
}

export function userPrincipal(user: UserRow): Principal {
  return { kind: 'user', id: user.id, tenantId: user.tenant_id, role: user.role, projectId: null, label: user.email };
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

let dummyHash: Promise<string> | undefined;

/** An argon2id hash of a random password, made once: verified against when the email is unknown. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
