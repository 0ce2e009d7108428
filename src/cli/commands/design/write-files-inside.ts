import { lstat, mkdir, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** True when `candidate` is `root` or inside it (both already resolved). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function lstatOrUndefined(file: string) {
  try {
    return await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes `files` (relative POSIX paths, already checked by `checkEntryName`) under `directory` and
 * nowhere else. Before writing anything it refuses a path that would pass through a symbolic link
 * already in the folder (a link `infra -> /etc` would carry `infra/x` outside) or land on a folder;
 * while writing it checks each parent's real path is still inside.
 */
export async function writeFilesInside(directory: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  await mkdir(directory, { recursive: true });
  const root = await realpath(directory);
  for (const file of files.keys()) {
    const segments = file.split('/');
    for (let depth = 1; depth <= segments.length; depth += 1) {
      const stats = await lstatOrUndefined(path.join(root, ...segments.slice(0, depth)));
      if (!stats) break;
      if (stats.isSymbolicLink()) throw new Error(`Refusing to write ${file}: ${segments.slice(0, depth).join('/')} in ${directory} is a symbolic link.`);
      if (depth === segments.length && !stats.isFile()) throw new Error(`Refusing to write ${file}: ${directory} has something other than a file there.`);
    }
  }
  for (const [file, content] of files) {
    const target = path.join(root, ...file.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    if (!isInside(root, await realpath(path.dirname(target)))) throw new Error(`Refusing to write ${file}: its folder resolves outside ${directory}.`);
    await writeFile(target, content);
  }
}
