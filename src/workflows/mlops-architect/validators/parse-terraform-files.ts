import { readFileSync, readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { TerraformParseRequest, TerraformParseResponse } from './terraform-parse-messages.js';

/**
 * The HCL parser is Go compiled to WebAssembly: on a cold process it parses a generated repository
 * in about a second (unoptimised WebAssembly), a warm one in about 0.1 s. Parsing in a worker
 * thread keeps that CPU off the thread that serves HTTP and SSE, and lets {@link warmUpTerraformParser}
 * get the parser hot on the other core while the process is still starting.
 */
let thread: { worker: Worker; pending: Map<number, (response: TerraformParseResponse) => void> } | null = null;
let nextId = 1;
let warmedUp = false;

// From compiled code the thread runs its .js file; from sources (tests) it needs tsx to load .ts.
const fromSources = import.meta.url.endsWith('.ts');
const threadUrl = new URL(fromSources ? './terraform-parser-thread.ts' : './terraform-parser-thread.js', import.meta.url);

function startThread(): NonNullable<typeof thread> {
  if (thread) return thread;
  const worker = new Worker(threadUrl, fromSources ? { execArgv: ['--import', 'tsx'] } : {});
  const pending = new Map<number, (response: TerraformParseResponse) => void>();
  const started = { worker, pending };
  worker.on('message', (response: TerraformParseResponse) => {
    pending.get(response.id)?.(response);
    pending.delete(response.id);
  });
  // A broken thread is dropped; its callers and the next ones parse on this thread instead.
  const drop = () => {
    if (thread === started) thread = null;
    for (const resolve of pending.values()) resolve({ id: 0, results: [] });
    pending.clear();
  };
  worker.on('error', drop);
  worker.on('exit', drop);
  // An idle parser must not keep the process alive.
  worker.unref();
  thread = started;
  return started;
}

/** Parses `.tf` files in the parser thread (on this thread when the thread is unavailable). */
export async function parseTerraformFiles(files: [string, string][]): Promise<TerraformParseResponse['results']> {
  if (files.length === 0) return [];
  return (await parseInThread(files)) ?? parseHere(files);
}

/** The thread's results, or null when it could not answer (it failed to start or died). */
async function parseInThread(files: [string, string][]): Promise<TerraformParseResponse['results'] | null> {
  try {
    const { worker, pending } = startThread();
    const id = nextId++;
    const response = await new Promise<TerraformParseResponse>((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ id, files } satisfies TerraformParseRequest);
    });
    return response.results.length === files.length ? response.results : null;
  } catch {
    return null;
  }
}

async function parseHere(files: [string, string][]): Promise<TerraformParseResponse['results']> {
  // Loaded only here: importing the parser reads and compiles its WebAssembly at once.
  const { parse } = await import('@cdktf/hcl2json');
  const results: TerraformParseResponse['results'] = [];
  for (const [file, content] of files) {
    try {
      results.push({ parsed: (await parse(file, content)) as Record<string, unknown> });
    } catch (error) {
      results.push({ error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

/**
 * Starts the parser thread and has it parse the Terraform templates the generator ships (their
 * HCL is what real designs contain), so the first design finds the WebAssembly optimised. Returns
 * at once; the warm-up runs in the background and its result is discarded.
 */
export function warmUpTerraformParser(): void {
  if (warmedUp) return;
  warmedUp = true;
  const templates = new URL('../codegen/templates/', import.meta.url);
  let samples: [string, string][];
  try {
    samples = readdirSync(templates, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.tf.tmpl'))
      .map((file): [string, string] => [file, readFileSync(new URL(file, templates), 'utf8')]);
  } catch {
    return;
  }
  // Never on this thread: a warm-up that cannot use the parser thread is simply skipped.
  parseInThread(samples).catch(() => undefined);
}
