import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorCodes, httpStatusOf, isRetryableCode } from './error-catalogue.js';

interface DocumentedError {
  code: string;
  status: number;
  retryable: string;
  meaning: string;
}

/** The rows of the table in docs/errors.md, in document order. */
function readDocumentedErrors(): DocumentedError[] {
  const markdown = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows: DocumentedError[] = [];
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|\s*(\S+)\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (match) {
      rows.push({ code: match[1] ?? '', status: Number(match[2]), retryable: match[3] ?? '', meaning: match[4] ?? '' });
    }
  }
  return rows;
}

describe('errorCatalogue', () => {
  const documented = readDocumentedErrors();

  it('is documented in docs/errors.md with the same status, retryable flag and meaning', () => {
    for (const code of errorCodes) {
      const row = documented.find((candidate) => candidate.code === code);
      expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
      expect(row?.status, `status of ${code}`).toBe(errorCatalogue[code].status);
      expect(row?.retryable, `retryable flag of ${code}`).toBe(errorCatalogue[code].retryable ? 'yes' : 'no');
      expect(row?.meaning, `meaning of ${code}`).toBe(errorCatalogue[code].description);
    }
  });

  it('has no code in docs/errors.md that the catalogue lacks, and keeps the catalogue order', () => {
    expect(documented.map((row) => row.code)).toEqual(errorCodes);
  });

  it('maps every code to an HTTP error status', () => {
    for (const code of errorCodes) {
      const status = httpStatusOf(code);
      expect(Number.isInteger(status), code).toBe(true);
      expect(status >= 400 && status <= 599, `${code} has status ${status}`).toBe(true);
    }
  });

  it('names codes in UPPER_SNAKE_CASE', () => {
    for (const code of errorCodes) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    }
  });

  it('retries only failures that can pass on their own', () => {
    expect(isRetryableCode('TRANSIENT_DATABASE_ERROR')).toBe(true);
    expect(isRetryableCode('WORKER_LOST')).toBe(true);
    expect(isRetryableCode('VALIDATION_FAILED')).toBe(false);
    expect(isRetryableCode('BUDGET_EXCEEDED')).toBe(false);
  });
});
