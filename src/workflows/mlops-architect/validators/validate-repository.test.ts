import { describe, expect, it } from 'vitest';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { reviewPlan } from '../critics/review-plan.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { renderRepository } from '../codegen/render-repository.js';
import { renderValidationReport } from './render-validation-report.js';
import { validateRepository } from './validate-repository.js';

const requestText = 'Design an MLOps system for real-time fraud detection with sub-100ms latency, PCI DSS compliance, and auto-scaling for 10,000 requests/second.';
const constraints = extractConstraints(requestText);
const plan = planArchitecture(constraints);
const cleanFiles = renderRepository({ requestText, constraints, plan, findings: reviewPlan(constraints, plan), generatedAt: '2026-01-01T00:00:00.000Z' });

async function problemsOf(change: (files: Map<string, string>) => void, checkName: string) {
  const files = new Map(cleanFiles);
  change(files);
  const report = await validateRepository(files);
  expect(report.ok).toBe(false);
  return report.checks.find((check) => check.name === checkName)?.problems ?? [];
}

describe('validateRepository', () => {
  it('catches a reference to an undeclared variable', async () => {
    const problems = await problemsOf((files) => files.set('infra/terraform/extra.tf', 'output "x" {\n  value = var.missing\n}\n'), 'Terraform parses and references resolve');
    expect(problems).toEqual([{ file: 'infra/terraform/extra.tf', line: 2, message: 'var.missing is not declared in this module' }]);
  });

  it('catches HCL that does not parse', async () => {
    const problems = await problemsOf((files) => files.set('infra/terraform/broken.tf', 'resource "a" {\n  x = \n'), 'Terraform parses and references resolve');
    expect(problems[0]?.file).toBe('infra/terraform/broken.tf');
  });

  it('catches YAML that does not parse', async () => {
    const problems = await problemsOf((files) => files.set('monitoring/alerts.yml', 'groups:\n  - name: [unclosed\n'), 'YAML and JSON parse');
    expect(problems[0]?.file).toBe('monitoring/alerts.yml');
  });

  it('catches JSON that does not parse', async () => {
    const problems = await problemsOf((files) => files.set('monitoring/dashboard.json', '{ "title": '), 'YAML and JSON parse');
    expect(problems[0]?.file).toBe('monitoring/dashboard.json');
  });

  it('catches a committed AWS key and a password literal', async () => {
    const problems = await problemsOf((files) => files.set('src/service/settings.py', 'KEY = "AKIAABCDEFGHIJKLMNOP"\npassword = "hunter22"\n'), 'no secrets');
    expect(problems.map((problem) => problem.line)).toEqual([1, 2]);
  });

  it('catches a path that escapes the root', async () => {
    const problems = await problemsOf((files) => files.set('../etc/passwd', 'root'), 'paths stay inside the root');
    expect(problems).toEqual([{ file: '../etc/passwd', message: 'path has a `.`, `..` or empty segment' }]);
  });

  it('catches a missing required file', async () => {
    const problems = await problemsOf((files) => files.delete('docs/COST.md'), 'required files present');
    expect(problems).toEqual([{ file: 'docs/COST.md', message: 'required file is missing' }]);
  });

  it('catches Python that does not compile', async () => {
    const problems = await problemsOf((files) => files.set('src/service/app.py', 'def broken(:\n'), 'Python compiles');
    expect(problems[0]?.file).toBe('src/service/app.py');
  });

  it('renders the report as JSON and Markdown files under reports/', async () => {
    const rendered = renderValidationReport(await validateRepository(cleanFiles));
    expect(JSON.parse(rendered.get('reports/validation.json') ?? '').ok).toBe(true);
    expect(rendered.get('reports/validation.md')).toContain('Result: **passed**');
  });
});
