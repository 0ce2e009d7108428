import type { ValidationReport } from './validation-report.js';

/** Renders the report as the `reports/validation.json` and `reports/validation.md` files of the repository. */
export function renderValidationReport(report: ValidationReport): Map<string, string> {
  const lines = ['# Validation report', '', `Result: **${report.ok ? 'passed' : 'failed'}**`, '', '| check | status | problems |', '| --- | --- | ---: |'];
  for (const check of report.checks) lines.push(`| ${check.name} | ${check.status}${check.note ? ` (${check.note})` : ''} | ${check.problems.length} |`);
  for (const check of report.checks.filter((candidate) => candidate.problems.length > 0)) {
    lines.push('', `## ${check.name}`, '');
    for (const problem of check.problems) lines.push(`- \`${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}\` ${problem.message}`);
  }
  return new Map([
    ['reports/validation.json', `${JSON.stringify(report, null, 2)}\n`],
    ['reports/validation.md', `${lines.join('\n')}\n`],
  ]);
}
