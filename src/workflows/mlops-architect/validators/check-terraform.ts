import { checkModuleCalls } from './check-module-calls.js';
import { collectStrings } from './collect-strings.js';
import { findLine } from './find-line.js';
import { findTerraformReferences } from './find-terraform-references.js';
import { parseTerraformFiles } from './parse-terraform-files.js';
import type { ParsedTerraformFile } from './parsed-terraform-file.js';
import { createCheck, type ValidationCheck, type ValidationProblem } from './validation-report.js';

type ParsedTerraform = Record<string, unknown>;

/**
 * Parses every `.tf` file as HCL, checks that each reference resolves to a declaration in the same
 * module folder, and that module calls match the modules they call (see checkModuleCalls).
 */
export async function checkTerraform(files: ReadonlyMap<string, string>): Promise<ValidationCheck> {
  const problems: ValidationProblem[] = [];
  const parsedByFolder = new Map<string, ParsedTerraformFile[]>();
  const terraformFiles = [...files].filter(([file]) => file.endsWith('.tf'));
  const results = await parseTerraformFiles(terraformFiles);
  terraformFiles.forEach(([file, content], index) => {
    const result = results[index];
    if (result && 'parsed' in result) {
      const folder = file.slice(0, file.lastIndexOf('/') + 1);
      parsedByFolder.set(folder, [...(parsedByFolder.get(folder) ?? []), { file, content, parsed: result.parsed }]);
      return;
    }
    const message = result?.error ?? 'not parsed';
    const line = /:(\d+),\d+/.exec(message)?.[1];
    problems.push({ file, line: line === undefined ? undefined : Number(line), message: `HCL: ${message}` });
  });
  // Terraform resolves names per module folder, across all its files.
  for (const entries of parsedByFolder.values()) {
    const declared = new Set(entries.flatMap(({ parsed }) => collectDeclarations(parsed)));
    for (const { file, content, parsed } of entries) {
      for (const reference of new Set(collectStrings(parsed).flatMap(findTerraformReferences))) {
        // `module.x.output` needs `module "x"` here; its output is checked against the module's folder.
        const name = reference.startsWith('module.') ? reference.split('.').slice(0, 2).join('.') : reference;
        if (!declared.has(name)) problems.push({ file, line: findLine(content, reference), message: `${name} is not declared in this module` });
      }
    }
  }
  problems.push(...checkModuleCalls(parsedByFolder));
  return createCheck('Terraform parses and references resolve', problems);
}

function collectDeclarations(parsed: ParsedTerraform): string[] {
  const names = (block: unknown): string[] => (typeof block === 'object' && block !== null ? Object.keys(block) : []);
  const typed = (prefix: string, block: unknown) => names(block).flatMap((type) => names((block as Record<string, unknown>)[type]).map((name) => `${prefix}${type}.${name}`));
  const locals = Array.isArray(parsed.locals) ? parsed.locals.flatMap((block: unknown) => names(block)) : [];
  return [
    ...names(parsed.variable).map((name) => `var.${name}`),
    ...names(parsed.module).map((name) => `module.${name}`),
    ...locals.map((name) => `local.${name}`),
    ...typed('data.', parsed.data),
    ...typed('', parsed.resource),
  ];
}
