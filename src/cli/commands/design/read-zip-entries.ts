import path from 'node:path';
import { unzipSync } from 'fflate';

/** Limits far above any design (a few hundred KiB, under a hundred files) and far below harm. */
const maxEntries = 10_000;
const maxTotalBytes = 256 * 1024 * 1024;

/**
 * Checks one entry name and returns it as a relative POSIX path, or says why it is refused: an
 * absolute path, a drive letter, a backslash (a Windows separator that POSIX would keep in a file
 * name), a NUL, or any `..` segment. Refusing rather than "sanitising" keeps a hostile archive from
 * choosing where anything lands.
 */
export function checkEntryName(name: string): { path: string } | { problem: string } {
  if (name.includes('\0')) return { problem: 'contains a NUL character' };
  if (name.includes('\\')) return { problem: 'contains a backslash' };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return { problem: 'is an absolute path' };
  const segments = name.split('/');
  if (segments.includes('..')) return { problem: 'climbs out with ".."' };
  const normalized = path.posix.normalize(name);
  if (normalized === '.' || normalized.startsWith('../') || path.posix.isAbsolute(normalized)) return { problem: 'does not name a file inside the folder' };
  return { path: normalized };
}

/**
 * Unzips a design in memory and returns its files by relative path, every name checked before
 * anything is written. The design zip keeps its files under one top folder (`mlops-<pattern>/`);
 * that folder is dropped so the files land directly in the output directory. Directory entries
 * are skipped: writing a file creates its folders.
 */
export function readZipEntries(zip: Uint8Array): Map<string, Uint8Array> {
  let entries = 0;
  let totalBytes = 0;
  const unzipped = unzipSync(zip, {
    filter: (file) => {
      entries += 1;
      totalBytes += file.originalSize;
      if (entries > maxEntries || totalBytes > maxTotalBytes) throw new Error(`The design archive is larger than allowed (${maxEntries} entries, ${maxTotalBytes / 1024 / 1024} MiB); refusing to extract it.`);
      return true;
    },
  });
  const files = new Map<string, Uint8Array>();
  for (const [name, content] of Object.entries(unzipped)) {
    const checked = checkEntryName(name);
    if ('problem' in checked) throw new Error(`The design archive holds an entry that ${checked.problem} (${JSON.stringify(name)}); refusing to extract any of it.`);
    if (name.endsWith('/')) continue;
    files.set(checked.path, content);
  }
  const tops = new Set([...files.keys()].map((file) => file.split('/')[0]));
  const [top] = tops;
  if (tops.size === 1 && top !== undefined && [...files.keys()].every((file) => file.startsWith(`${top}/`))) {
    return new Map([...files].map(([file, content]) => [file.slice(top.length + 1), content]));
  }
  return files;
}
