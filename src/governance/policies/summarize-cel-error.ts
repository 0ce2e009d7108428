/**
 * The one-line summary of an error thrown or returned by `@marcbachmann/cel-js`: its errors carry
 * it as `summary`, while `message` adds a drawing of the source for humans. Anything else thrown
 * gives the first line of its message; a stack overflow (thousands of nested `!`) says so.
 */
export function summarizeCelError(error: unknown, fallback: string): string {
  if (error instanceof RangeError) return 'The expression is nested too deeply';
  const details = (typeof error === 'object' && error !== null ? error : {}) as { summary?: unknown; message?: unknown };
  if (typeof details.summary === 'string' && details.summary !== '') return details.summary;
  const message = typeof details.message === 'string' ? details.message : typeof error === 'string' ? error : '';
  return message.split('\n')[0] || fallback;
}
