import { describe, expect, it } from 'vitest';
import { extractConstraints } from '../constraints/extract-constraints.js';
import { reviewPlan } from '../critics/review-plan.js';
import { knowledgeBase } from '../knowledge-base/knowledge-base.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { requiredFiles } from '../validators/required-files.js';
import { validateRepository } from '../validators/validate-repository.js';
import { renderRepository } from './render-repository.js';
import { loadSharedExamples } from '../../../testing/load-shared-examples.js';

const generatedAt = '2026-01-01T00:00:00.000Z';
const fraudText = 'Design an MLOps system for real-time fraud detection with sub-100ms latency, PCI DSS compliance, and auto-scaling for 10,000 requests/second.';
const examples = loadSharedExamples();

function render(requestText: string) {
  const constraints = extractConstraints(requestText);
  const plan = planArchitecture(constraints);
  const findings = reviewPlan(constraints, plan);
  const reasonCards = [{ agent: 'planner', decision: plan.patternName, reasoning: 'Best fit for the constraints.', confidence: plan.score }];
  return { constraints, files: renderRepository({ requestText, constraints, plan, findings, reasonCards, generatedAt }) };
}

describe('renderRepository', () => {
  it('renders the fraud-detection request into a repository with every required file', () => {
    const { files } = render(fraudText);
    for (const file of requiredFiles) expect([...files.keys()]).toContain(file);
    expect(files.get('infra/terraform/main.tf')).toContain('module "eks"');
    expect(files.get('infra/terraform/backend.tf')).toContain('backend "s3"');
    expect([...files.keys()].some((file) => file.startsWith('pipelines/'))).toBe(false);
  });

  it('passes every validator with zero problems', async () => {
    const report = await validateRepository(render(fraudText).files);
    expect(report.checks.flatMap((check) => check.problems)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('renders byte-identical output twice', () => {
    expect([...render(fraudText).files]).toEqual([...render(fraudText).files]);
  });

  it('names every PCI DSS control in COMPLIANCE.md', () => {
    const compliance = render(fraudText).files.get('docs/COMPLIANCE.md') ?? '';
    for (const { control } of knowledgeBase.checklist.frameworks.PCI_DSS?.controls ?? []) expect(compliance).toContain(`\`${control}\``);
  });

  it('writes a training pipeline for the hipaa-imaging request and validates it', async () => {
    const example = examples.find((candidate) => candidate.id === 'hipaa-imaging');
    const { files } = render(example?.text ?? '');
    expect(files.has('pipelines/training/train.py')).toBe(true);
    const report = await validateRepository(files);
    expect(report.checks.flatMap((check) => check.problems)).toEqual([]);
  });

  it('writes a batch pipeline for a batch request on another cloud and validates it', async () => {
    for (const id of ['recsys-batch', 'azure-forecast']) {
      const { files } = render(examples.find((candidate) => candidate.id === id)?.text ?? '');
      expect(files.has('pipelines/batch/score.py')).toBe(true);
      const report = await validateRepository(files);
      expect(report.checks.flatMap((check) => check.problems)).toEqual([]);
    }
  });

  it('refuses a component id outside the catalogue before it reaches the file system', () => {
    const constraints = extractConstraints(fraudText);
    const plan = planArchitecture(constraints);
    const hostile = { ...plan, components: [...plan.components, { ...plan.components[0]!, id: '../../etc/passwd' }] };
    expect(() => renderRepository({ requestText: fraudText, constraints, plan: hostile, findings: [], generatedAt })).toThrow('No Terraform module template for component "../../etc/passwd"');
  });

  it('gives a component planned twice two module folders that still validate', async () => {
    const constraints = extractConstraints(fraudText);
    const plan = planArchitecture(constraints);
    const storage = plan.components.find((component) => component.id === 'object_storage')!;
    const files = renderRepository({ requestText: fraudText, constraints, plan: { ...plan, components: [...plan.components, storage] }, findings: [], generatedAt });
    expect(files.has('infra/terraform/modules/object_storage/main.tf')).toBe(true);
    expect(files.has('infra/terraform/modules/object_storage-2/main.tf')).toBe(true);
    const report = await validateRepository(files);
    expect(report.checks.flatMap((check) => check.problems)).toEqual([]);
  });
});
