import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Lists the template files under a folder as sorted `/`-separated relative paths, dot-folders included. */
export function listTemplateFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
