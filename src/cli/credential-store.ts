import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** `credentials.json`: one API key per server origin. */
interface Credentials {
  servers: Record<string, { apiKey: string; savedAt: string }>;
}

/** Where the CLI keeps saved keys: AGENTBUS_CONFIG_DIR, else $XDG_CONFIG_HOME/agentbus, else ~/.config/agentbus. */
export function credentialsPath(environment: NodeJS.ProcessEnv): string {
  const directory = environment.AGENTBUS_CONFIG_DIR ?? path.join(environment.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), 'agentbus');
  return path.join(directory, 'credentials.json');
}

function originOf(url: string): string {
  return new URL(url).origin;
}

async function readCredentials(file: string): Promise<Credentials> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
    return { servers: typeof parsed.servers === 'object' && parsed.servers !== null ? parsed.servers : {} };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { servers: {} };
    throw new Error(`${file} is not readable as saved Agent Bus credentials (${(error as Error).message}); delete it and run agentbus login again.`);
  }
}

/** The key saved for the server at `url`, if any. */
export async function readSavedApiKey(url: string, environment: NodeJS.ProcessEnv): Promise<string | undefined> {
  const credentials = await readCredentials(credentialsPath(environment));
  return credentials.servers[originOf(url)]?.apiKey;
}

/** Saves `apiKey` for the server at `url` (readable by the user alone); returns the file. */
export async function saveApiKey(url: string, apiKey: string, environment: NodeJS.ProcessEnv): Promise<string> {
  const file = credentialsPath(environment);
  const credentials = await readCredentials(file);
  credentials.servers[originOf(url)] = { apiKey, savedAt: new Date().toISOString() };
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written aside and renamed: a crash never leaves half a file, and the key is never world-readable.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
  return file;
}
