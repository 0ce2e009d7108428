// Copies non-TypeScript files the compiled code reads at run time into dist/: SQL migrations and the
// MLOps Architect's repository templates.
import { cpSync } from 'node:fs';

cpSync('src/store/migrations', 'dist/store/migrations', { recursive: true });
cpSync('src/workflows/mlops-architect/codegen/templates', 'dist/workflows/mlops-architect/codegen/templates', { recursive: true });
