import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('masks the password of a postgres:// URL and keeps the rest', () => {
    expect(redactSecrets('connect failed: postgres://agentbus:s3cr3t-Pa55@db.internal:5432/agentbus')).toBe(
      'connect failed: postgres://agentbus:***@db.internal:5432/agentbus',
    );
    expect(redactSecrets('postgresql://user:hunter2@127.0.0.1/agentbus')).toBe('postgresql://user:***@127.0.0.1/agentbus');
  });

  it('masks OpenAI-style sk- keys', () => {
    const redacted = redactSecrets('Incorrect API key provided: sk-proj1234abcdefghijklmnopqrstuvwxyz');
    expect(redacted).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(redacted).toBe('Incorrect API key provided: sk-proj12***');
  });

  it('masks Anthropic-style sk-ant- keys', () => {
    const redacted = redactSecrets('x-api-key: sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789');
    expect(redacted).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789');
    expect(redacted).toContain('sk-ant-');
    expect(redacted).toContain('***');
  });

  it('masks Bearer tokens', () => {
    expect(redactSecrets('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature')).toBe('Authorization: Bearer ***');
  });

  it('leaves ordinary text unchanged', () => {
    const texts = [
      'The run failed at node plan after 3 attempts.',
      'See https://example.com/docs?page=2 for the task-force skills list.',
      'postgresql://127.0.0.1:5432/agentbus has no password to hide',
      'sk-short is not a key',
    ];
    for (const text of texts) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});
