import { z } from 'zod';
import { redactSecrets } from '../../../core/redact-secrets.js';
import type { LanguageModel, LanguageModelMessage } from '../../../gateway/language-model.js';

/** What to ask a model for: the instructions, the material, and the zod schema its answer must satisfy. */
export interface StructuredOutputRequest<T> {
  system: string;
  user: string;
  schema: z.ZodType<T>;
  signal?: AbortSignal;
}

// Enough for the reader to see what went wrong; the full list of a badly confused answer helps nobody.
const maxIssuesShown = 8;

/**
 * Models often wrap JSON in a Markdown fence although a schema was given. String operations rather
 * than one regular expression, so a long answer with many fences cannot make matching slow.
 */
function stripJsonFence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('```')) return trimmed;
  const firstLineEnd = trimmed.indexOf('\n');
  if (firstLineEnd === -1) return trimmed;
  const body = trimmed.slice(firstLineEnd + 1);
  return (body.trimEnd().endsWith('```') ? body.trimEnd().slice(0, -3) : body).trim();
}

type ParsedAnswer<T> = { ok: true; value: T } | { ok: false; problems: string };

/**
 * Parses and validates one answer. The problems name JSON paths and zod's messages only, never the
 * answer's text, because an answer can echo the prompt and the prompt can carry secrets.
 */
function parseAnswer<T>(text: string, schema: z.ZodType<T>): ParsedAnswer<T> {
  let json: unknown;
  try {
    json = JSON.parse(stripJsonFence(text));
  } catch {
    return { ok: false, problems: 'the answer is not valid JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.slice(0, maxIssuesShown).map((issue) => `${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`);
  const more = result.error.issues.length - issues.length;
  return { ok: false, problems: redactSecrets([...issues, ...(more > 0 ? [`and ${more} more`] : [])].join('; ')) };
}

/**
 * Asks a model for JSON that satisfies a zod schema (sent as `responseSchema`) and returns it parsed.
 * An unparseable or invalid answer gets one correction round (the bad answer, then the validation
 * errors); a second failure throws an error naming the problems. An aborted signal rethrows at once.
 */
export async function requestStructuredOutput<T>(model: LanguageModel, request: StructuredOutputRequest<T>): Promise<T> {
  const { schema, signal } = request;
  const responseSchema = z.toJSONSchema(schema) as Record<string, unknown>;
  const messages: LanguageModelMessage[] = [
    { role: 'system', content: request.system },
    { role: 'user', content: request.user },
  ];
  const ask = async (): Promise<string> => {
    signal?.throwIfAborted();
    const result = await model.doGenerate({ messages: [...messages], responseSchema, signal });
    return result.text;
  };

  const firstText = await ask();
  const first = parseAnswer(firstText, schema);
  if (first.ok) return first.value;

  messages.push(
    { role: 'assistant', content: firstText },
    { role: 'user', content: `Your answer does not follow the JSON schema: ${first.problems}. Answer again with only the corrected JSON object.` },
  );
  const second = parseAnswer(await ask(), schema);
  if (second.ok) return second.value;
  throw new Error(`The model's answer did not follow the schema after one correction: ${second.problems}`);
}
