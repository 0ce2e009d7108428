import path from 'node:path';
import { collectStrings } from './collect-strings.js';
import { findLine } from './find-line.js';
import { findTerraformReferences } from './find-terraform-references.js';
import type { ParsedTerraformFile, ParsedTerraformFolders } from './parsed-terraform-file.js';
import type { ValidationProblem } from './validation-report.js';

// Arguments of a `module` block that are Terraform's, not the module's variables.
const metaArguments = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

interface ModuleCall {
  name: string;
  source: string;
  /** The called module's folder, with a trailing `/`; null for a registry or remote source. */
  folder: string | null;
  arguments: string[];
  at: ParsedTerraformFile;
}

/**
 * Checks every local module call against the module it calls: each argument must be a variable the
 * module declares, each variable without a default must be passed, and each `module.<name>.<output>`
 * must name an output the module declares.
 * @see https://developer.hashicorp.com/terraform/language/modules/syntax
 */
export function checkModuleCalls(folders: ParsedTerraformFolders): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const [folder, files] of folders) {
    const calls = new Map(files.flatMap((entry) => listModuleCalls(folder, entry)).map((call) => [call.name, call]));
    for (const call of calls.values()) {
      if (call.folder === null) continue;
      const called = folders.get(call.folder);
      const line = findLine(call.at.content, `module "${call.name}"`);
      if (called === undefined) {
        problems.push({ file: call.at.file, line, message: `module "${call.name}": source ${call.source} has no .tf files` });
        continue;
      }
      const variables = new Map(called.flatMap(({ parsed }) => Object.entries(asRecord(parsed.variable))).map(([name, bodies]) => [name, hasDefault(bodies)]));
      for (const argument of call.arguments.filter((name) => !variables.has(name))) {
        problems.push({ file: call.at.file, line: findArgumentLine(call, argument) ?? line, message: `module "${call.name}" passes ${argument}, which ${call.source} does not declare as a variable` });
      }
      for (const [variable, defaulted] of variables) {
        if (!defaulted && !call.arguments.includes(variable)) problems.push({ file: call.at.file, line, message: `module "${call.name}" does not pass ${variable}, which ${call.source} requires (it has no default)` });
      }
    }
    for (const { file, content, parsed } of files) {
      for (const reference of new Set(collectStrings(parsed).flatMap(findTerraformReferences))) {
        const [, moduleName = '', output] = reference.split('.');
        const call = reference.startsWith('module.') && output !== undefined ? calls.get(moduleName) : undefined;
        const called = call?.folder === null || call?.folder === undefined ? undefined : folders.get(call.folder);
        if (call === undefined || called === undefined) continue;
        if (!called.some(({ parsed: calledParsed }) => Object.hasOwn(asRecord(calledParsed.output), output ?? ''))) {
          problems.push({ file, line: findLine(content, reference), message: `${reference}: ${call.source} declares no output "${output}"` });
        }
      }
    }
  }
  return problems;
}

function listModuleCalls(folder: string, entry: ParsedTerraformFile): ModuleCall[] {
  return Object.entries(asRecord(entry.parsed.module)).flatMap(([name, bodies]) =>
    (Array.isArray(bodies) ? bodies : []).map((body: unknown) => {
      const block = asRecord(body);
      const source = typeof block.source === 'string' ? block.source : '';
      // Only local paths (`./`, `../`) are folders of this repository, resolved from the calling file's folder.
      const isLocal = source.startsWith('./') || source.startsWith('../');
      const resolved = isLocal ? path.posix.normalize(`${folder}${source}`).replace(/\/?$/, '/') : null;
      return { name, source, folder: resolved, arguments: Object.keys(block).filter((key) => !metaArguments.has(key)), at: entry };
    }),
  );
}

function findArgumentLine(call: ModuleCall, argument: string): number | undefined {
  const start = call.at.content.indexOf(`module "${call.name}"`);
  if (start === -1) return undefined;
  const match = new RegExp(`^\\s*${argument}\\s*=`, 'm').exec(call.at.content.slice(start));
  return match === null ? undefined : call.at.content.slice(0, start + match.index + match[0].length).split('\n').length;
}

function hasDefault(bodies: unknown): boolean {
  return Array.isArray(bodies) && bodies.some((body) => Object.hasOwn(asRecord(body), 'default'));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

