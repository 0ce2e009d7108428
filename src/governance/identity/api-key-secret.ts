import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `abk_<12 visible characters>_<43 secret characters>`: the prefix (`abk_` and
 * the first part) is stored in the clear to find the key and to show it in lists; the whole key is
 * stored only as its sha256. 256 random bits make a slow hash unnecessary, and sha256 keeps
 * verifying a key at a few microseconds on every request.
 */
const keyPattern = /^(abk_[A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface NewApiKeySecret {
  /** Shown once to whoever created it. */
  key: string;
  prefix: string;
  hash: Buffer;
}

export function generateApiKeySecret(): NewApiKeySecret {
  const visible = Array.from(randomBytes(12), (byte) => alphanumeric[byte % alphanumeric.length]).join('');
  const prefix = `abk_${visible}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): Buffer {
  // The one-shot hash: a third of createHash().update().digest()'s cost, on every request.
  return hash('sha256', key, 'buffer');
}

/** The prefix of a well-formed key, or undefined for anything else (never an exception). */
export function apiKeyPrefixOf(candidate: string): string | undefined {
  return keyPattern.exec(candidate)?.[1];
}

export function apiKeyMatches(key: string, storedHash: Buffer): boolean {
  const hash = hashApiKey(key);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}
