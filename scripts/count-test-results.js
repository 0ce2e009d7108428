// Prints "<passed> <failed>" from a vitest JSON report; a report with failed suites (a file that
// could not even load) counts each such suite as a failure.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const failedSuites = (report.testResults ?? []).filter((suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0).length;
process.stdout.write(`${report.numPassedTests} ${report.numFailedTests + failedSuites}\n`);
