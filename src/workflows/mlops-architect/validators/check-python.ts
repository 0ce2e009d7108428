import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCheck, type ValidationCheck, type ValidationProblem } from './validation-report.js';

/**
 * Compiles each path given on the command line and prints one JSON line per file that fails. One
 * interpreter for all files: starting python3 per file cost about 20 ms each.
 */
const compileScript = [
  'import json, py_compile, sys',
  'for target in sys.argv[1:]:',
  '    try:',
  '        py_compile.compile(target, doraise=True, cfile=target + "c")',
  '    except py_compile.PyCompileError as error:',
  '        line = getattr(error.exc_value, "lineno", None)',
  '        print(json.dumps({"target": target, "line": line, "message": str(error.exc_value).strip().splitlines()[-1] if str(error.exc_value).strip() else error.exc_type_name}))',
].join('\n');

/**
 * Compiles every `.py` file with python3's `py_compile` in a temporary folder; skipped when python3
 * is missing. Asynchronous so that it overlaps the Terraform parse.
 */
export async function checkPython(files: ReadonlyMap<string, string>): Promise<ValidationCheck> {
  const name = 'Python compiles';
  const pythonFiles = [...files].filter(([file]) => file.endsWith('.py'));
  const folder = mkdtempSync(path.join(os.tmpdir(), 'agentbus-py-compile-'));
  const problems: ValidationProblem[] = [];
  try {
    const fileByTarget = new Map<string, string>();
    for (const [file, content] of pythonFiles) {
      // Paths are checked by checkPaths; a file that would escape is not written here either.
      if (file.split('/').includes('..') || path.isAbsolute(file)) continue;
      const target = path.join(folder, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
      fileByTarget.set(target, file);
    }
    if (fileByTarget.size === 0) return createCheck(name, problems);
    // -I -S: no user site or site-packages to import; py_compile needs only the standard library.
    const result = await runProcess('python3', ['-B', '-I', '-S', '-c', compileScript, ...fileByTarget.keys()]);
    if (result.error !== undefined) return { name, status: 'skipped', problems: [], note: 'python3 is not installed' };
    if (result.status !== 0) return createCheck(name, [{ file: '(python3)', message: `py_compile did not run: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`}` }]);
    for (const line of result.stdout.split('\n').filter(Boolean)) {
      const failure = JSON.parse(line) as { target: string; line: number | null; message: string };
      problems.push({ file: fileByTarget.get(failure.target) ?? failure.target, ...(failure.line === null ? {} : { line: failure.line }), message: failure.message });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return createCheck(name, problems);
}

interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

function runProcess(command: string, args: string[]): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ status: null, stdout, stderr, error }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
