import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, realpath, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { designManifestSchema } from '../../../workflows/mlops-architect/packaging/design-manifest.js';
import { checkEntryName } from './read-zip-entries.js';
import { isInside } from './write-files-inside.js';

/** What the output directory holds before a design is written into it. */
export type OutputDirectory =
  | { kind: 'new' }
  /** An earlier `agentbus design` output whose generated files are unchanged (or `--force`d): replaced. */
  | { kind: 'earlier-design'; files: string[]; zips: string[] }
  /** Something else, written over because of `--force` (nothing is deleted). */
  | { kind: 'forced' };

/** The zips `design` writes: `<folder>-<first 12 hex digits of the zip's sha256>.zip`. */
const designZipName = /-([0-9a-f]{12})\.zip$/;

const sha256 = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');

/** The content of a regular file whose folder really is inside `root` (a planted symbolic link could point elsewhere). */
async function readIfFile(root: string, file: string): Promise<Buffer | undefined> {
  const folder = await realpath(path.dirname(file)).catch(() => undefined);
  if (!folder || !isInside(root, folder)) return undefined;
  const stats = await lstat(file).catch(() => undefined);
  return stats?.isFile() ? readFile(file) : undefined;
}

/**
 * Decides whether a design may be written into `directory`: a missing or empty folder, yes; a folder
 * holding an earlier design (its `manifest.json`) whose generated files nobody edited, yes, and the
 * earlier files are replaced (files added by hand stay); anything else only with `--force`.
 * Refusing here, before the run starts when `--out` is given, means a mistake costs nothing.
 */
export async function inspectOutputDirectory(directory: string, force: boolean): Promise<OutputDirectory> {
  const stats = await lstat(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stats) return { kind: 'new' };
  if (!stats.isDirectory()) throw new Error(`--out ${directory} exists and is not a folder.`);
  const entries = await readdir(directory);
  if (entries.length === 0) return { kind: 'new' };
  const root = await realpath(directory);

  const manifestContent = await readIfFile(root, path.join(root, 'manifest.json'));
  let manifest: ReturnType<typeof designManifestSchema.safeParse> | undefined;
  try {
    manifest = manifestContent ? designManifestSchema.safeParse(JSON.parse(manifestContent.toString('utf8'))) : undefined;
  } catch {
    manifest = undefined;
  }
  if (!manifest?.success) {
    if (force) return { kind: 'forced' };
    throw new Error(`--out ${directory} is not empty and holds no earlier design. Choose another folder, or pass --force to write over it.`);
  }
  const files: string[] = ['manifest.json'];
  const edited: string[] = [];
  for (const file of manifest.data.files) {
    const checked = checkEntryName(file.path);
    if ('problem' in checked) continue;
    const content = await readIfFile(root, path.join(root, ...checked.path.split('/')));
    if (!content) continue;
    files.push(checked.path);
    if (sha256(content) !== file.sha256) edited.push(checked.path);
  }
  if (edited.length > 0 && !force) {
    const shown = edited.slice(0, 5).join(', ') + (edited.length > 5 ? ` and ${edited.length - 5} more` : '');
    throw new Error(`--out ${directory} holds an earlier design with edited files (${shown}). Choose another folder, or pass --force to replace them.`);
  }
  const zips: string[] = [];
  for (const entry of entries) {
    const match = designZipName.exec(entry);
    const content = match ? await readIfFile(root, path.join(root, entry)) : undefined;
    if (match && content && sha256(content).startsWith(match[1] ?? '')) zips.push(entry);
  }
  return { kind: 'earlier-design', files, zips };
}

/** Removes an earlier design's generated files and zips, then the folders they leave empty. */
export async function removeEarlierDesign(directory: string, earlier: Extract<OutputDirectory, { kind: 'earlier-design' }>): Promise<void> {
  const folders = new Set<string>();
  for (const file of [...earlier.files, ...earlier.zips]) {
    await rm(path.join(directory, ...file.split('/')), { force: true });
    for (let folder = path.posix.dirname(file); folder !== '.'; folder = path.posix.dirname(folder)) folders.add(folder);
  }
  // Deepest first, so a parent is tried after its children; a folder with other files stays.
  for (const folder of [...folders].sort((left, right) => right.split('/').length - left.split('/').length)) {
    await rmdir(path.join(directory, ...folder.split('/'))).catch(() => undefined);
  }
}
