import { describe, expect, it } from 'vitest';
import { complianceFrameworks, type ArchitecturePlan } from '../../../contracts/mlops-architect.js';
import { buildConstraints } from '../planner/__fixtures__/build-constraints.js';
import { planArchitecture } from '../planner/plan-architecture.js';
import { policyCritic } from './policy-critic.js';

function without(plan: ArchitecturePlan, removed: readonly string[]): ArchitecturePlan {
  return { ...plan, components: plan.components.filter((component) => !removed.includes(component.id)) };
}

const pci = buildConstraints({ latencyMs: 100, throughputRps: 10_000, compliance: ['PCI_DSS'], workloads: ['online_inference'] });

describe('policyCritic', () => {
  it('finds nothing missing on the planner’s PCI DSS plan', () => {
    expect(policyCritic.review(pci, planArchitecture(pci))).toEqual([]);
  });

  it('names the framework, control and fix for each control a stripped PCI DSS plan lacks', () => {
    const findings = policyCritic.review(pci, without(planArchitecture(pci), ['kms', 'waf', 'audit_logging', 'private_network']));
    expect(findings.filter((finding) => finding.severity === 'blocking').map((finding) => [finding.code, finding.control])).toEqual([
      ['missing_audit_logging', 'audit_logging'],
      ['missing_encryption', 'encryption_at_rest'],
      ['missing_key_management', 'key_management'],
      ['missing_network_isolation', 'network_isolation'],
      ['missing_waf', 'waf'],
    ]);
    const waf = findings.find((finding) => finding.code === 'missing_waf');
    expect(waf).toMatchObject({ critic: 'policy', framework: 'PCI_DSS', componentIds: ['waf'], fix: 'Add waf (AWS WAF).' });
    expect(waf?.message).toMatch(/Req\. 6\.4\.2/);
  });

  it('raises data_residency_violation for GDPR in a US region', () => {
    const constraints = buildConstraints({ workloads: ['rag'], compliance: ['GDPR'], regions: ['us-east-1'] });
    const finding = policyCritic.review(constraints, planArchitecture(constraints)).find((candidate) => candidate.code === 'data_residency_violation');
    expect(finding).toMatchObject({ severity: 'blocking', framework: 'GDPR', control: 'data_residency' });
    expect(finding?.message).toMatch(/region us-east-1 is in the US/);
    expect(finding?.fix).toMatch(/^Deploy to eu-west-1/);
  });

  it('accepts GDPR in an EU region', () => {
    const constraints = buildConstraints({ workloads: ['rag'], compliance: ['GDPR'], regions: ['eu-central-1'] });
    expect(policyCritic.review(constraints, planArchitecture(constraints))).toEqual([]);
  });

  it('warns rather than blocks on a region it does not know', () => {
    const constraints = buildConstraints({ workloads: ['rag'], compliance: ['GDPR'], regions: ['eu-east-9'] });
    const finding = policyCritic.review(constraints, planArchitecture(constraints)).find((candidate) => candidate.code === 'data_residency_violation');
    expect(finding?.severity).toBe('warning');
  });

  it('does not ask for a WAF when the plan has no public endpoint', () => {
    const constraints = buildConstraints({ workloads: ['batch_inference'], compliance: ['PCI_DSS'] });
    const plan = planArchitecture(constraints);
    expect(plan.components.map((component) => component.id)).not.toContain('waf');
    expect(policyCritic.review(constraints, plan)).toEqual([]);
  });

  it('flags missing_retention_policy for SOX when nothing keeps records', () => {
    const constraints = buildConstraints({ workloads: ['batch_inference'], compliance: ['SOX'] });
    const findings = policyCritic.review(constraints, without(planArchitecture(constraints), ['backup']));
    expect(findings.map((finding) => finding.code)).toEqual(['missing_backup', 'missing_retention_policy']);
  });

  it('checks at least four controls of every framework', () => {
    const bare = planArchitecture(buildConstraints({ workloads: ['online_inference'], regions: ['sa-east-1'] }));
    for (const framework of complianceFrameworks) {
      const constraints = buildConstraints({ workloads: ['online_inference'], compliance: [framework], regions: ['sa-east-1'] });
      const findings = policyCritic.review(constraints, without(bare, bare.components.map((component) => component.id)));
      expect(findings.filter((finding) => finding.framework === framework).length, framework).toBeGreaterThanOrEqual(4);
    }
  });
});
