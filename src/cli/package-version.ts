import { readFileSync } from 'node:fs';

/** The version in package.json (read once; works from src/ and dist/, both two levels down). */
export const packageVersion: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
