import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';

/** A packaged design: the zip's bytes and the name derived from its content. */
export interface DesignZip {
  name: string;
  content: Buffer;
  sha256: string;
}

// ZIP stores DOS timestamps, which cannot express dates before 1980.
const earliestZipTime = Date.UTC(1980, 0, 2);

/**
 * Zips the repository under a top folder named after the project, every entry stamped with the
 * design's generation time and added in path order, so the same files always give the same bytes
 * and the same name: `<folder>-<first 12 hex digits of its sha256>.zip`.
 */
export function createDesignZip(folder: string, files: ReadonlyMap<string, string>, generatedAt: string): DesignZip {
  const mtime = new Date(Math.max(earliestZipTime, Date.parse(generatedAt) || earliestZipTime));
  const entries: Zippable = {};
  for (const path of [...files.keys()].sort()) entries[`${folder}/${path}`] = [new TextEncoder().encode(files.get(path) ?? ''), { mtime }];
  const content = Buffer.from(zipSync(entries, { level: 6, mtime }));
  const sha256 = createHash('sha256').update(content).digest('hex');
  return { name: `${folder}-${sha256.slice(0, 12)}.zip`, content, sha256 };
}
