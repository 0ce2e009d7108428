import { requiredFiles } from './required-files.js';
import { createCheck, type ValidationCheck } from './validation-report.js';

/** Reports every required file the repository lacks. */
export function checkRequiredFiles(files: ReadonlyMap<string, string>): ValidationCheck {
  return createCheck(
    'required files present',
    requiredFiles.filter((file) => !files.has(file)).map((file) => ({ file, message: 'required file is missing' })),
  );
}
