import { spawnSync } from 'node:child_process';
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

  it('catches a reference to an output the module does not declare', async () => {
    const problems = await problemsOf((files) => files.set('infra/terraform/extra.tf', 'output "x" {\n  value = module.eks.nope\n}\n'), 'Terraform parses and references resolve');
    expect(problems).toEqual([{ file: 'infra/terraform/extra.tf', line: 2, message: 'module.eks.nope: ./modules/eks declares no output "nope"' }]);
  });

  it('catches a module call that leaves out a variable without a default', async () => {
    const problems = await problemsOf(
      (files) => files.set('infra/terraform/modules/eks/extra.tf', 'variable "node_count" {\n  type = number\n}\n'),
      'Terraform parses and references resolve',
    );
    const line = (cleanFiles.get('infra/terraform/main.tf') ?? '').split('\n').indexOf('module "eks" {') + 1;
    expect(problems).toEqual([{ file: 'infra/terraform/main.tf', line, message: 'module "eks" does not pass node_count, which ./modules/eks requires (it has no default)' }]);
  });

  it('catches a module call that passes an argument the module does not declare', async () => {
    const problems = await problemsOf(
      (files) => files.set('infra/terraform/main.tf', (files.get('infra/terraform/main.tf') ?? '').replace('module "eks" {\n', 'module "eks" {\n  node_count = 3\n')),
      'Terraform parses and references resolve',
    );
    const line = (cleanFiles.get('infra/terraform/main.tf') ?? '').split('\n').indexOf('module "eks" {') + 2;
    expect(problems).toEqual([{ file: 'infra/terraform/main.tf', line, message: 'module "eks" passes node_count, which ./modules/eks does not declare as a variable' }]);
  });

  it('catches a module call whose source folder does not exist', async () => {
    const problems = await problemsOf(
      (files) => files.set('infra/terraform/extra.tf', 'module "ghost" {\n  source = "./modules/ghost"\n}\n'),
      'Terraform parses and references resolve',
    );
    expect(problems).toEqual([{ file: 'infra/terraform/extra.tf', line: 1, message: 'module "ghost": source ./modules/ghost has no .tf files' }]);
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

  // Without python3 there is nothing to compile with: the check then reports itself skipped.
  it.skipIf(spawnSync('python3', ['--version']).status !== 0)('catches Python that does not compile', async () => {
    const problems = await problemsOf((files) => files.set('src/service/app.py', 'def broken(:\n'), 'Python compiles');
    expect(problems[0]?.file).toBe('src/service/app.py');
  });

  it('renders the report as JSON and Markdown files under reports/', async () => {
    const rendered = renderValidationReport(await validateRepository(cleanFiles));
    expect(JSON.parse(rendered.get('reports/validation.json') ?? '').ok).toBe(true);
    expect(rendered.get('reports/validation.md')).toContain('Result: **passed**');
  });
});
