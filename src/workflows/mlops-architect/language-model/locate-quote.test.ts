import { describe, expect, it } from 'vitest';
import { locateQuote } from './locate-quote.js';

const request = 'Serve a fine-tuned Llama 3 8B model\nwith vLLM: 300 requests per second (peak).';

describe('locateQuote', () => {
  it("returns the span of the request's own text, ignoring case and re-flowed whitespace", () => {
    const span = locateQuote(request, 'MODEL with  VLLM');
    expect(span).toEqual({ start: 30, end: 45, text: 'model\nwith vLLM' });
    expect(request.slice(span?.start, span?.end)).toBe(span?.text);
  });

  it('matches regular-expression characters literally', () => {
    expect(locateQuote(request, '(peak).')?.text).toBe('(peak).');
    expect(locateQuote(request, 'r.quests')).toBeNull();
  });

  it('finds nothing for a quote that is not in the request, empty, or too long to be one value', () => {
    expect(locateQuote(request, '3000 requests per second')).toBeNull();
    expect(locateQuote(request, '   ')).toBeNull();
    expect(locateQuote(request.repeat(10), request.repeat(6))).toBeNull();
  });
});
