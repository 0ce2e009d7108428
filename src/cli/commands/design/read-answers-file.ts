import { readFile } from 'node:fs/promises';

/** Answers given ahead of time, by question id; a gate uses those of its own questions. */
export type PresetAnswers = Readonly<Record<string, unknown>>;

const questionIdPattern = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Reads `--answers FILE`: a JSON object of question id → answer, e.g.
 * `{"workloads": ["batch_inference"], "cloud": "gcp"}`. Keys that cannot be question ids are a
 * mistake worth stopping for; ids no gate asks are only warned about at the end, since which
 * questions a design asks depends on the request.
 */
export async function readAnswersFile(file: string): Promise<PresetAnswers> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read --answers ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`--answers ${file} is not valid JSON (${(error as Error).message}). Write an object such as {"cloud": "gcp", "workloads": ["batch_inference"]}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--answers ${file} must hold a JSON object of question id → answer, such as {"cloud": "gcp"}.`);
  }
  const badKeys = Object.keys(parsed).filter((key) => !questionIdPattern.test(key));
  if (badKeys.length > 0) {
    throw new Error(`--answers ${file}: ${badKeys.map((key) => JSON.stringify(key)).join(', ')} cannot be question ids (lower_snake_case, e.g. "budget_monthly_usd").`);
  }
  return parsed as PresetAnswers;
}
