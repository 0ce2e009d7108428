import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientEnvironmentSchema, parseEnvironment, serverEnvironmentSchema } from './server-config.js';

const schemas = [serverEnvironmentSchema, clientEnvironmentSchema] as const;
const schemaKeys = schemas.flatMap((schema) => Object.keys(schema.shape));
/** The value each variable takes when it is unset (undefined when it has no default). */
const defaults: Record<string, unknown> = { ...parseEnvironment(serverEnvironmentSchema, {}), ...parseEnvironment(clientEnvironmentSchema, {}) };
const descriptions: Record<string, string | undefined> = Object.fromEntries(
  schemas.flatMap((schema) => Object.entries(schema.shape).map(([key, field]) => [key, field.description])),
);

function readRepositoryFile(relativePath: string): string {
  return readFileSync(new URL(`../../../${relativePath}`, import.meta.url), 'utf8');
}

/** Rows of the variable tables in docs/configuration.md: `| \`NAME\` | default | meaning |`. */
function readDocumentedVariables(): { name: string; defaultValue: string; meaning: string }[] {
  return readRepositoryFile('docs/configuration.md')
    .split('\n')
    .map((line) => /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1] ?? '', defaultValue: match[2] ?? '', meaning: match[3] ?? '' }));
}

/** The commented-out assignments of .env.example: `# NAME=value`. */
function readExampleVariables(): { name: string; value: string }[] {
  return readRepositoryFile('.env.example')
    .split('\n')
    .map((line) => /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1] ?? '', value: match[2] ?? '' }));
}

describe('docs/configuration.md', () => {
  const documented = readDocumentedVariables();

  it('lists every variable of both schemas, and no other', () => {
    expect([...documented.map((row) => row.name)].sort()).toEqual([...schemaKeys].sort());
  });

  it('gives each variable its default from the schema and its description', () => {
    for (const row of documented) {
      const fallback = defaults[row.name];
      expect(row.defaultValue, `default of ${row.name}`).toBe(fallback === undefined ? '—' : `\`${String(fallback)}\``);
      expect(row.meaning, `meaning of ${row.name}`).toBe(descriptions[row.name]);
    }
  });
});

describe('.env.example', () => {
  const examples = readExampleVariables();

  it('lists every variable of both schemas once, and no other', () => {
    expect([...examples.map((example) => example.name)].sort()).toEqual([...schemaKeys].sort());
  });

  it('shows each default as the schema has it', () => {
    for (const example of examples) {
      const fallback = defaults[example.name];
      if (fallback !== undefined) {
        expect(example.value, `value of ${example.name}`).toBe(String(fallback));
      }
    }
  });

  it('keeps every variable commented out, so copying it changes nothing', () => {
    const assignments = readRepositoryFile('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line));
    expect(assignments).toEqual([]);
  });
});

describe('parseEnvironment', () => {
  it('rejects a port that is not a number, naming the variable', () => {
    expect(() => parseEnvironment(serverEnvironmentSchema, { AGENTBUS_PORT: 'abc' })).toThrow(/AGENTBUS_PORT/);
  });

  it('applies the defaults to an empty environment', () => {
    const config = parseEnvironment(serverEnvironmentSchema, {});
    expect(config.AGENTBUS_PORT).toBe(4000);
    expect(config.AGENTBUS_HOST).toBe('127.0.0.1');
    expect(config.AGENTBUS_CONCURRENCY).toBe(10);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(parseEnvironment(clientEnvironmentSchema, {}).AGENTBUS_URL).toBe('http://127.0.0.1:4000');
  });

  it('treats empty strings as unset', () => {
    const config = parseEnvironment(serverEnvironmentSchema, { AGENTBUS_PORT: '', DATABASE_URL: '', LOG_LEVEL: '' });
    expect(config.AGENTBUS_PORT).toBe(4000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('reads numbers and URLs from their string form', () => {
    const config = parseEnvironment(serverEnvironmentSchema, { AGENTBUS_PORT: '8080', DATABASE_URL: 'postgresql://user:password@127.0.0.1:5432/agentbus' });
    expect(config.AGENTBUS_PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgresql://user:password@127.0.0.1:5432/agentbus');
  });
});
