import { createCheck, type ValidationCheck, type ValidationProblem } from './validation-report.js';

// Shapes of credentials that must never be committed; a generated repository gets its secrets
// from a secrets manager or the CI's OIDC federation instead.
const secretPatterns: readonly { name: string; pattern: RegExp }[] = [
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'an API secret key (sk-…)', pattern: /\bsk-[A-Za-z0-9_-]{16,}/ },
  { name: 'a private key block', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { name: 'a password literal', pattern: /\b(?:password|passwd|secret)\s*[:=]\s*["'][^"'\s]{1,}["']/i },
];

/** Flags lines that look like committed credentials. */
export function checkSecrets(files: ReadonlyMap<string, string>): ValidationCheck {
  const problems: ValidationProblem[] = [];
  for (const [file, content] of files) {
    content.split('\n').forEach((text, index) => {
      for (const { name, pattern } of secretPatterns) {
        if (pattern.test(text)) problems.push({ file, line: index + 1, message: `looks like ${name}` });
      }
    });
  }
  return createCheck('no secrets', problems);
}
