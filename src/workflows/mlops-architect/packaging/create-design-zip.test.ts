import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createDesignZip } from './create-design-zip.js';

const files = new Map([
  ['README.md', '# Design\n'],
  ['infra/terraform/main.tf', 'terraform {}\n'],
]);

describe('createDesignZip', () => {
  it('gives the same bytes and name for the same files whatever order they come in', () => {
    const first = createDesignZip('mlops-design', files, '2026-01-15T09:30:00Z');
    const second = createDesignZip('mlops-design', new Map([...files].reverse()), '2026-01-15T09:30:00Z');
    expect(second.content.equals(first.content)).toBe(true);
    expect(first.name).toBe(`mlops-design-${first.sha256.slice(0, 12)}.zip`);
  });

  it('names a different design differently', () => {
    const first = createDesignZip('mlops-design', files, '2026-01-15T09:30:00Z');
    const changed = createDesignZip('mlops-design', new Map([...files, ['docs/COST.md', 'cheaper\n']]), '2026-01-15T09:30:00Z');
    expect(changed.name).not.toBe(first.name);
  });

  it('puts every file under the one top folder with its content', () => {
    const entries = unzipSync(new Uint8Array(createDesignZip('mlops-design', files, '2026-01-15T09:30:00Z').content));
    expect(Object.keys(entries)).toEqual(['mlops-design/README.md', 'mlops-design/infra/terraform/main.tf']);
    expect(new TextDecoder().decode(entries['mlops-design/infra/terraform/main.tf'])).toBe('terraform {}\n');
  });

  it('accepts a timestamp before 1980, which ZIP cannot store, by clamping it', () => {
    expect(() => createDesignZip('mlops-design', files, '1970-01-01T00:00:00Z')).not.toThrow();
  });
});
