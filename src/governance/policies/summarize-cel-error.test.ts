import { Environment } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { summarizeCelError } from './summarize-cel-error.js';

describe('summarizeCelError', () => {
  it('takes the library’s one-line summary, not the message with its drawing of the source', () => {
    const { error } = new Environment().registerVariable('x', 'int').check('x +\n "a"');
    expect(error?.message).toContain('\n');
    expect(summarizeCelError(error, 'fallback')).toBe('no such overload: int + string');
  });

  it('takes the first line of any other error, and the fallback when there is nothing to say', () => {
    expect(summarizeCelError(new Error('first\nsecond'), 'fallback')).toBe('first');
    expect(summarizeCelError('plain', 'fallback')).toBe('plain');
    expect(summarizeCelError(undefined, 'fallback')).toBe('fallback');
    expect(summarizeCelError(new RangeError('Maximum call stack size exceeded'), 'fallback')).toBe('The expression is nested too deeply');
  });
});
