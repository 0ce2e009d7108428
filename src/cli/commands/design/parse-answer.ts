import type { ApprovalQuestion } from '../../../contracts/approval.js';

/** A typed answer read into the question's shape, or why it could not be. */
export type ParsedAnswer = { kind: 'default' } | { kind: 'value'; value: unknown } | { kind: 'invalid'; problem: string };

/** Choice spellings compared loosely: `PCI DSS`, `pci-dss` and `PCI_DSS` are one choice. */
const looseKey = (value: unknown) => String(value).trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * Reads what a person typed at a question prompt into the value the gate expects, guided by the
 * question's default and choices: empty keeps the default; a list question (array default) takes
 * comma-separated choices; a number question takes `1,000` or `$1000`; a yes/no question takes y/n.
 * Anything else is `invalid` with a message, so the prompt can ask again instead of sending an
 * answer the workflow would only set aside.
 */
export function parseAnswer(question: ApprovalQuestion, typed: string): ParsedAnswer {
  const text = typed.trim();
  if (text === '') return { kind: 'default' };
  const choices = question.choices;
  if (Array.isArray(question.default)) {
    const items = text.split(',').map((item) => item.trim()).filter(Boolean);
    if (text === '-' || text.toLowerCase() === 'none') return { kind: 'value', value: [] };
    if (!choices) return { kind: 'value', value: items };
    const picked = items.map((item) => choices.find((choice) => looseKey(choice) === looseKey(item)));
    const unknown = items.filter((_, index) => picked[index] === undefined);
    if (unknown.length > 0) return { kind: 'invalid', problem: `not a choice: ${unknown.join(', ')} (choose from ${choices.map(String).join(', ')})` };
    return { kind: 'value', value: [...new Set(picked)] };
  }
  if (typeof question.default === 'boolean' || choices?.every((choice) => typeof choice === 'boolean')) {
    if (/^(y|yes|true)$/i.test(text)) return { kind: 'value', value: true };
    if (/^(n|no|false)$/i.test(text)) return { kind: 'value', value: false };
    return { kind: 'invalid', problem: 'answer yes or no' };
  }
  if (choices) {
    const choice = choices.find((candidate) => looseKey(candidate) === looseKey(text));
    return choice === undefined ? { kind: 'invalid', problem: `choose one of ${choices.map(String).join(', ')}` } : { kind: 'value', value: choice };
  }
  if (typeof question.default === 'number') {
    const number = Number(text.replace(/[,_\s$]/g, ''));
    return Number.isFinite(number) && number > 0 ? { kind: 'value', value: number } : { kind: 'invalid', problem: 'enter a positive number' };
  }
  return { kind: 'value', value: text };
}
