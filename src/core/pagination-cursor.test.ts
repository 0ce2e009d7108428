import { describe, expect, it } from 'vitest';
import { isAppError } from './app-error.js';
import { decodeCursor, encodeCursor } from './pagination-cursor.js';

/** What decoding throws, or undefined when it does not throw. */
function decodeFailure(cursor: string): unknown {
  try {
    decodeCursor(cursor);
  } catch (error) {
    return error;
  }
  return undefined;
}

function cursorOf(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

describe('pagination cursors', () => {
  it('decode to the position they were encoded from', () => {
    const position = { at: '2026-11-21T10:15:30.123Z', id: '0b6c1a8e-5f0e-4c2a-9d3b-7e1f2a3b4c5d' };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['garbage', '%%% not a cursor %%%'],
    ['an empty string', ''],
    ['base64 of text that is not JSON', Buffer.from('hello', 'utf8').toString('base64url')],
    ['an object instead of a pair', cursorOf({ at: '2026-11-21T10:15:30.123Z', id: 'abc' })],
    ['a pair of the wrong types', cursorOf([1_700_000_000, 42])],
    ['a triple', cursorOf(['2026-11-21T10:15:30.123Z', 'abc', 'extra'])],
    ['a bad date', cursorOf(['not a date', 'abc'])],
    ['an empty id', cursorOf(['2026-11-21T10:15:30.123Z', ''])],
  ])('reject %s with INVALID_CURSOR', (_description, cursor) => {
    const failure = decodeFailure(cursor);
    expect(isAppError(failure)).toBe(true);
    expect(isAppError(failure) && failure.code).toBe('INVALID_CURSOR');
  });
});
