import type { ValidationReport } from '../validators/validation-report.js';

/**
 * The validators' confidence that the repository is sound: passed checks count fully, a skipped
 * check (its tool is missing, e.g. no python3) counts half, a failed one not at all.
 */
export function measureValidationConfidence(report: ValidationReport): number {
  if (report.checks.length === 0) return 0;
  const score = report.checks.reduce((total, check) => total + (check.status === 'passed' ? 1 : check.status === 'skipped' ? 0.5 : 0), 0);
  return Math.round((score / report.checks.length) * 100) / 100;
}
