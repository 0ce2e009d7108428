import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkEntryName, readZipEntries } from './read-zip-entries.js';

const text = (value: string) => new TextEncoder().encode(value);

describe('readZipEntries', () => {
  it('drops the single top folder of a design zip', () => {
    const files = readZipEntries(zipSync({ 'mlops-batch/README.md': text('hi'), 'mlops-batch/infra/main.tf': text('x') }));
    expect([...files.keys()].sort()).toEqual(['README.md', 'infra/main.tf']);
  });

  it('keeps the paths as they are when there is no single top folder', () => {
    expect([...readZipEntries(zipSync({ 'a.txt': text('a'), 'b/c.txt': text('c') })).keys()].sort()).toEqual(['a.txt', 'b/c.txt']);
  });

  it('refuses the whole archive when one entry climbs out of the folder', () => {
    expect(() => readZipEntries(zipSync({ 'design/ok.txt': text('ok'), 'design/../../etc/passwd': text('x') }))).toThrow(/climbs out/);
  });
});

describe('checkEntryName', () => {
  it.each([
    ['/etc/passwd', 'absolute'],
    ['C:/Windows/win.ini', 'absolute'],
    ['a/../../b', 'climbs out'],
    ['..', 'climbs out'],
    ['a\\..\\b', 'backslash'],
    ['a\0b', 'NUL'],
    ['', 'does not name a file'],
  ])('refuses %j', (name, problem) => {
    const checked = checkEntryName(name);
    expect('problem' in checked && checked.problem).toContain(problem);
  });

  it('accepts and normalizes a plain relative path', () => {
    expect(checkEntryName('./infra//terraform/main.tf')).toEqual({ path: 'infra/terraform/main.tf' });
  });
});
