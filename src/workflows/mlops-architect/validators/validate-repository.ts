import { checkPaths } from './check-paths.js';
import { checkPython } from './check-python.js';
import { checkRequiredFiles } from './check-required-files.js';
import { checkSecrets } from './check-secrets.js';
import { checkStructuredData } from './check-structured-data.js';
import { checkTerraform } from './check-terraform.js';
import type { ValidationReport } from './validation-report.js';

/** Runs every validator on a generated tree; asynchronous because the HCL parser is WebAssembly. */
export async function validateRepository(files: ReadonlyMap<string, string>): Promise<ValidationReport> {
  // The two slow checks (WebAssembly HCL parser, a python3 process) overlap.
  const [terraform, python] = await Promise.all([checkTerraform(files), checkPython(files)]);
  const checks = [checkPaths(files), checkRequiredFiles(files), terraform, checkStructuredData(files), python, checkSecrets(files)];
  return { ok: checks.every((check) => check.status !== 'failed'), checks };
}
