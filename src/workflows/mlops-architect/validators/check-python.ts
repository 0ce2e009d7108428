import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCheck, type ValidationCheck, type ValidationProblem } from './validation-report.js';

/** Compiles every `.py` file with `python3 -m py_compile` in a temporary folder; skipped when python3 is missing. */
export function checkPython(files: ReadonlyMap<string, string>): ValidationCheck {
  const name = 'Python compiles';
  const pythonFiles = [...files].filter(([file]) => file.endsWith('.py'));
  if (spawnSync('python3', ['--version']).status !== 0) return { name, status: 'skipped', problems: [], note: 'python3 is not installed' };
  const folder = mkdtempSync(path.join(os.tmpdir(), 'agentbus-py-compile-'));
  const problems: ValidationProblem[] = [];
  try {
    for (const [file, content] of pythonFiles) {
      // Paths are checked by checkPaths; a file that would escape is not written here either.
      if (file.split('/').includes('..') || path.isAbsolute(file)) continue;
      const target = path.join(folder, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
      const result = spawnSync('python3', ['-B', '-m', 'py_compile', target], { encoding: 'utf8' });
      if (result.status !== 0) {
        const line = /line (\d+)/.exec(result.stderr)?.[1];
        problems.push({ file, line: line === undefined ? undefined : Number(line), message: result.stderr.trim().split('\n').pop() ?? 'does not compile' });
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return createCheck(name, problems);
}
