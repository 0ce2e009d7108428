import { describe, expect, it } from 'vitest';
import { createId } from './create-id.js';

describe('createId', () => {
  it('makes version 7 UUIDs that increase even within one millisecond and never repeat', () => {
    const ids = Array.from({ length: 20_000 }, () => createId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Far more ids than milliseconds passed: many share one, and still each sorts after the one before.
    for (let index = 1; index < ids.length; index += 1) expect((ids[index] as string) > (ids[index - 1] as string)).toBe(true);
  });

  it('carries its creation time in its first 48 bits', () => {
    const before = Date.now();
    const id = createId();
    const milliseconds = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(milliseconds).toBeGreaterThanOrEqual(before);
    expect(milliseconds).toBeLessThanOrEqual(Date.now() + 1);
  });
});
