import { describe, expect, it } from 'vitest';
import { parseTerraformFiles } from './parse-terraform-files.js';

describe('parseTerraformFiles', () => {
  it('gives one result per file, in order, parse errors included', async () => {
    const results = await parseTerraformFiles([
      ['main.tf', 'variable "region" {\n  type = string\n}\n'],
      ['broken.tf', 'resource "aws_s3_bucket" {\n'],
      ['outputs.tf', 'output "region" {\n  value = var.region\n}\n'],
    ]);
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({ parsed: { variable: { region: [{ type: '${string}' }] } } });
    expect(results[1]).toHaveProperty('error');
    expect(results[2]).toHaveProperty('parsed.output.region');
  });

  it('answers concurrent callers each with their own files', async () => {
    const batches = Array.from({ length: 5 }, (_unused, index): [string, string][] => [[`f${index}.tf`, `locals {\n  value_${index} = ${index}\n}\n`]]);
    const results = await Promise.all(batches.map((batch) => parseTerraformFiles(batch)));
    results.forEach((result, index) => expect(result[0]).toHaveProperty(`parsed.locals.0.value_${index}`, index));
  });
});
