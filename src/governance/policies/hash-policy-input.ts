import { createHash } from 'node:crypto';

/**
 * The SHA-256 (hex) of `toCanonicalJson(input)`: equal inputs give equal hashes whatever the order
 * their keys were set in, so a decision log can tell which decisions saw the same facts.
 */
export function hashPolicyInput(input: unknown): string {
  return createHash('sha256').update(toCanonicalJson(input)).digest('hex');
}

/**
 * JSON with every object's keys sorted (by UTF-16 code unit, as `Array.prototype.sort` does),
 * in one pass. It follows `JSON.stringify` otherwise (undefined members left out, non-finite
 * numbers and undefined array items as null, `toJSON` honoured) and never throws on data: a
 * bigint is written as its digits, a `Map` as an object, a `Set` as an array, a cycle or a failing
 * `toJSON` as null.
 */
export function toCanonicalJson(value: unknown): string {
  return write(value, new Set()) ?? 'null';
}

/** The JSON of `value`, or undefined where JSON has no value (undefined, functions, symbols). */
function write(value: unknown, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      return value === null ? 'null' : writeObject(value, ancestors);
    default:
      return undefined;
  }
}

function writeObject(value: object, ancestors: Set<object>): string {
  if (ancestors.has(value)) return 'null';
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    ancestors.add(value);
    let json: string;
    try {
      json = write(toJSON.call(value), ancestors) ?? 'null';
    } catch {
      json = 'null';
    }
    ancestors.delete(value);
    return json;
  }
  ancestors.add(value);
  let json: string;
  if (Array.isArray(value) || value instanceof Set) {
    json = '[';
    let first = true;
    for (const item of value) {
      json += `${first ? '' : ','}${write(item, ancestors) ?? 'null'}`;
      first = false;
    }
    json += ']';
  } else {
    const entries: Record<string, unknown> = value instanceof Map ? Object.fromEntries([...value].map(([key, item]) => [String(key), item])) : (value as Record<string, unknown>);
    json = '{';
    let first = true;
    for (const key of Object.keys(entries).sort()) {
      const member = write(entries[key], ancestors);
      if (member === undefined) continue;
      json += `${first ? '' : ','}${JSON.stringify(key)}:${member}`;
      first = false;
    }
    json += '}';
  }
  ancestors.delete(value);
  return json;
}
