import { parseDocument } from 'yaml';
import { createCheck, type ValidationCheck, type ValidationProblem } from './validation-report.js';

/** Parses every `.yml`/`.yaml` and `.json` file and reports the ones that do not parse. */
export function checkStructuredData(files: ReadonlyMap<string, string>): ValidationCheck {
  const problems: ValidationProblem[] = [];
  for (const [file, content] of files) {
    if (/\.ya?ml$/.test(file)) {
      const document = parseDocument(content, { prettyErrors: true });
      for (const error of document.errors) problems.push({ file, line: error.linePos?.[0].line, message: `YAML: ${error.message.split('\n')[0]}` });
    } else if (file.endsWith('.json')) {
      try {
        JSON.parse(content);
      } catch (error) {
        problems.push({ file, message: `JSON: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  return createCheck('YAML and JSON parse', problems);
}
