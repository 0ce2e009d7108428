import { createInterface } from 'node:readline/promises';

/**
 * A secret from standard input: piped, the whole input (trimmed); on a terminal, one line after
 * `prompt` on stderr. Never a flag, which would land in shell history and `ps`.
 */
export async function readStandardInput(prompt = 'Password: '): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  const reader = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await reader.question(prompt)).trim();
  } finally {
    reader.close();
  }
}
