import { createWordPattern, matchWords } from '../../../tools/text-matching/create-word-pattern.js';
import { findClause } from '../../../tools/text-matching/find-clause.js';
import { parseDigits, parseQuantity, quantitySource } from '../../../tools/text-matching/parse-quantity.js';
import { createTextSpan, type TextSpan } from '../../../tools/text-matching/text-span.js';

/** A fleet of things that each send data: "40,000 factory sensors", "200 camera streams". */
const fleet = createWordPattern(
  String.raw`${quantitySource}\s+(?:[\p{L}-]+\s+){0,2}?(sensors|devices|meters|machines|vehicles|cameras|streams|feeds|turbines|robots|trucks|terminals|Sensoren|Geräte)`,
);
/** How often each one sends: "every second", "every 5 seconds", "once a minute", "10 Hz", "at 30 fps". */
const frequency = createWordPattern(
  String.raw`(?:every|each|once (?:a|an|per|every)|per|jede|pro)\s+(?:(\d+(?:[.,]\d+)?)\s+)?(second|sec|minute|min|hour|Sekunde|Minute|Stunde)s?|(\d+(?:[.,]\d+)?)\s?(Hz|fps|frames per second|frames/s)`,
);

const secondsPerUnit: Readonly<Record<string, number>> = { second: 1, sec: 1, sekunde: 1, minute: 60, min: 60, hour: 3600, stunde: 3600 };

/** One computed rate: the fleet size times how often each member sends. */
export interface FleetRate {
  perSecond: number;
  members: number;
  unit: string;
  span: TextSpan;
}

/**
 * Finds "N devices … every second" style loads, where the request states the fleet and the frequency
 * separately and the rate is their product (40,000 sensors × 1/s = 40,000 messages/s).
 */
export function findFleetRates(text: string): FleetRate[] {
  const rates: FleetRate[] = [];
  for (const match of matchWords(fleet, text)) {
    const members = parseQuantity(match[1], match[2]);
    if (members === null || members <= 0) continue;
    const start = match.index;
    const clause = findClause(text, start, 140);
    const rateMatch = matchWords(frequency, text.slice(start, clause.end)).next().value;
    if (rateMatch === undefined) continue;
    let perMember: number | null = null;
    if (rateMatch[4] !== undefined) {
      perMember = parseDigits(rateMatch[3] ?? '');
    } else {
      const every = rateMatch[1] === undefined ? 1 : parseDigits(rateMatch[1]);
      const seconds = secondsPerUnit[(rateMatch[2] ?? '').toLowerCase()];
      perMember = every === null || every <= 0 || seconds === undefined ? null : 1 / (every * seconds);
    }
    if (perMember === null || perMember <= 0) continue;
    rates.push({
      perSecond: members * perMember,
      members,
      unit: (match[3] ?? '').toLowerCase(),
      span: createTextSpan(text, start, start + rateMatch.index + rateMatch[0].length),
    });
  }
  return rates;
}
