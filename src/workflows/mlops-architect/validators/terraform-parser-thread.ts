// The body of the Terraform parser thread: parses the files it is sent with `@cdktf/hcl2json` and
// answers with each file's parse tree or error. Runs in a worker thread (see parse-terraform-files).
import { parentPort } from 'node:worker_threads';
import { parse } from '@cdktf/hcl2json';
import type { TerraformParseRequest, TerraformParseResponse } from './terraform-parse-messages.js';

parentPort?.on('message', (request: TerraformParseRequest) => {
  void (async () => {
    const results: TerraformParseResponse['results'] = [];
    for (const [file, content] of request.files) {
      try {
        results.push({ parsed: (await parse(file, content)) as Record<string, unknown> });
      } catch (error) {
        results.push({ error: error instanceof Error ? error.message : String(error) });
      }
    }
    parentPort?.postMessage({ id: request.id, results } satisfies TerraformParseResponse);
  })();
});
