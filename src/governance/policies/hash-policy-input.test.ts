import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPolicyInput, toCanonicalJson } from './hash-policy-input.js';

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reverseKeys(item)]));
  return value;
}

describe('toCanonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(toCanonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}');
  });

  it('is JSON that parses back to what JSON.stringify gives', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(toCanonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value) ?? 'null'));
      }),
    );
  });

  it('does not depend on the order keys were set in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(toCanonicalJson(reverseKeys(value))).toBe(toCanonicalJson(value));
      }),
    );
  });

  it('follows JSON.stringify for the values JSON has no place for', () => {
    expect(toCanonicalJson({ gone: undefined, nan: Number.NaN, list: [undefined, Infinity], date: new Date(0) })).toBe('{"date":"1970-01-01T00:00:00.000Z","list":[null,null],"nan":null}');
    expect(toCanonicalJson(undefined)).toBe('null');
  });

  it('writes what JSON.stringify would throw on instead of throwing', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(toCanonicalJson({ big: 10n, cyclic, map: new Map([['b', 1], ['a', 2]]), set: new Set([1]) })).toBe('{"big":10,"cyclic":{"name":"loop","self":null},"map":{"a":2,"b":1},"set":[1]}');
    expect(toCanonicalJson({ toJSON: () => { throw new Error('no'); } })).toBe('null');
  });

  it('keeps a shared (not cyclic) object everywhere it appears', () => {
    const shared = { a: 1 };
    expect(toCanonicalJson({ x: shared, y: shared })).toBe('{"x":{"a":1},"y":{"a":1}}');
  });
});

describe('hashPolicyInput', () => {
  it('is the SHA-256 of the canonical JSON', () => {
    // sha256('{"a":1}')
    expect(hashPolicyInput({ a: 1 })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });
});
