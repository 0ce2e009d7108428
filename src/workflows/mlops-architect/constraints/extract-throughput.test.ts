import { describe, expect, it } from 'vitest';
import { extractThroughput } from './extract-throughput.js';

describe('extractThroughput', () => {
  it.each([
    ['auto-scaling for 10,000 requests/second', 10_000, 'stated'],
    ['120,000 requests per minute', 2000, 'stated'],
    ['120k rpm', 2000, 'stated'],
    ['2k rps', 2000, 'stated'],
    ['10k RPS at peak', 10_000, 'stated'],
    ['500 QPS', 500, 'stated'],
    ['300 requests per second at peak', 300, 'stated'],
    ['5 requests per minute', 0.083, 'stated'],
    ['8.64 million predictions per day', 100, 'stated'],
    ['10.000 Anfragen pro Sekunde', 10_000, 'stated'],
    ['40,000 factory sensors streaming readings every second through Kafka', 40_000, 'implied'],
    ['1,000 devices sending a reading every 10 seconds', 100, 'implied'],
    ['200 camera streams at 30 fps', 6000, 'implied'],
    ['15k transactions', 15_000, 'implied'],
    ['it must handle 10k.', 10_000, 'implied'],
  ])('reads "%s" as %d per second (%s)', (text, rps, source) => {
    const extraction = extractThroughput(text);
    expect(extraction.value).toBe(rps);
    expect(extraction.evidence.throughputRps?.source).toBe(source);
    const span = extraction.evidence.throughputRps?.span;
    expect(span && text.slice(span.start, span.end)).toBe(span?.text);
  });

  it('asks for the time unit when none is written', () => {
    expect(extractThroughput('15k transactions').ambiguities[0]?.message).toContain('no time unit');
  });

  it('asks for the peak when only a daily volume is given', () => {
    expect(extractThroughput('8.64 million predictions per day').ambiguities[0]?.message).toContain('peak');
  });

  it('prefers a stated per-second peak over an averaged daily volume', () => {
    expect(extractThroughput('1 million predictions a day, 50 rps at peak').value).toBe(50);
  });

  it('does not read counts of users, pages or stores as load', () => {
    for (const text of ['50k Confluence pages for 800 employees', '20 million users of our site', 'batch scoring every hour for 5,000 stores', 'budget $3,000 per month']) {
      expect(extractThroughput(text).value, text).toBeNull();
    }
  });

  it('does not read "and" as "a" + "d" (per day)', () => {
    expect(extractThroughput('15k transactions and cardholder data').value).toBe(15_000);
  });
});
