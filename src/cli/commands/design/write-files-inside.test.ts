import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFilesInside } from './write-files-inside.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'agentbus-write-inside-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeFilesInside', () => {
  it('creates the folders of each file', async () => {
    await writeFilesInside(path.join(folder, 'out'), new Map([['infra/terraform/main.tf', new TextEncoder().encode('x')]]));
    expect(await readdir(path.join(folder, 'out', 'infra', 'terraform'))).toEqual(['main.tf']);
  });

  it('refuses to write through a symbolic link that leads outside, before writing anything', async () => {
    const outside = path.join(folder, 'outside');
    await mkdir(outside);
    await mkdir(path.join(folder, 'out'));
    await symlink(outside, path.join(folder, 'out', 'infra'));
    const files = new Map([
      ['README.md', new TextEncoder().encode('first')],
      ['infra/main.tf', new TextEncoder().encode('x')],
    ]);
    await expect(writeFilesInside(path.join(folder, 'out'), files)).rejects.toThrow(/symbolic link/);
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(path.join(folder, 'out'))).toEqual(['infra']);
  });
});
