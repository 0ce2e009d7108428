import { createCheck, type ValidationCheck, type ValidationProblem } from './validation-report.js';

/** Rejects any path that could land outside the output root: absolute, `..`, backslashes, NUL or empty segments. */
export function checkPaths(files: ReadonlyMap<string, string>): ValidationCheck {
  const problems: ValidationProblem[] = [];
  for (const file of files.keys()) {
    const reason =
      file === '' ? 'is empty'
      : file.includes('\0') ? 'contains a NUL byte'
      : file.includes('\\') ? 'contains a backslash'
      : file.startsWith('/') || /^[A-Za-z]:/.test(file) ? 'is absolute'
      : file.split('/').some((segment) => segment === '..' || segment === '.' || segment === '') ? 'has a `.`, `..` or empty segment'
      : null;
    if (reason !== null) problems.push({ file, message: `path ${reason}` });
  }
  return createCheck('paths stay inside the root', problems);
}
