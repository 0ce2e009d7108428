/** Files every generated repository must contain, whatever the plan. */
export const requiredFiles = [
  'README.md',
  'infra/terraform/main.tf',
  'infra/terraform/variables.tf',
  'infra/terraform/outputs.tf',
  'infra/terraform/backend.tf',
  'infra/terraform/providers.tf',
  'src/service/app.py',
  'tests/test_app.py',
  '.github/workflows/ci.yml',
  '.github/workflows/deploy.yml',
  'monitoring/dashboard.json',
  'monitoring/alerts.yml',
  'docs/ARCHITECTURE.md',
  'docs/COMPLIANCE.md',
  'docs/COST.md',
  'docs/DECISIONS.md',
] as const;
