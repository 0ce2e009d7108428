import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import type { Ambiguity } from './field-extraction.js';

/**
 * Text addressed to the system rather than describing requirements: instructions to ignore earlier ones, to act
 * as something else, to write files or to reach paths outside the output. Recognising it changes nothing about
 * extraction (every field comes from fixed vocabularies, never from free text), but the requester is told.
 */
const injection = createWordPattern(
  String.raw`ignore (?:all |any |the )?(?:previous|prior|above|earlier|preceding) (?:instructions|prompts?|rules)|disregard (?:all |the )?(?:previous|prior|above) (?:instructions|prompts?)|system prompt|you are now|act as (?:an? )?(?:admin|root|system)|write (?:files? )?to|(?:\.\./)+[\p{L}\p{N}._/-]{0,80}|/etc/[\p{L}\p{N}._-]{1,40}|rm -rf|exfiltrate|api[_ ]?keys?`,
);

/** Flags instruction-like text in a request so the reason card can say it was read as plain requirements. */
export function findInjectedInstructions(text: string): Ambiguity[] {
  const found: string[] = [];
  for (const match of matchWords(injection, text)) {
    if (!found.includes(match[0])) found.push(match[0]);
    if (found.length >= 3) break;
  }
  if (found.length === 0) return [];
  return [
    {
      field: 'request',
      message: `The request contains text that reads as instructions to the system (${found.map((phrase) => `"${phrase}"`).join(', ')}); it was treated as plain requirements text, and no constraint takes a path or a command from it.`,
    },
  ];
}
