import { describe, expect, it } from 'vitest';
import { extractLatency } from './extract-latency.js';

describe('extractLatency', () => {
  it.each([
    ['real-time fraud detection with sub-100ms latency', 100, null],
    ['responses in 500 ms', 500, null],
    ['must respond within 2 seconds', 2000, null],
    ['0.2s latency', 200, null],
    ['anomaly scores within 250 ms', 250, null],
    ['p95 under 2 seconds is fine', 2000, 'p95'],
    ['answer in under 50 ms at the 99th percentile', 50, 'p99'],
    ['the 90th percentile below 80 ms', 80, 'p90'],
    ['median latency under 30 ms', 30, 'p50'],
    ['time to first token below 500 ms', 500, null],
    ['Latenz unter 100 ms', 100, null],
    ['p99.9 under 300 ms', 300, 'p99'],
  ])('reads "%s" as %d ms (%s)', (text, latencyMs, percentile) => {
    const extraction = extractLatency(text);
    expect(extraction.value).toEqual({ latencyMs, latencyPercentile: percentile });
    const span = extraction.evidence.latencyMs?.span;
    expect(span && text.slice(span.start, span.end)).toBe(span?.text);
  });

  it('keeps the qualifier and the percentile in the span', () => {
    expect(extractLatency('p95 under 2 seconds is fine').evidence.latencyMs?.span?.text).toBe('p95 under 2 seconds');
  });

  it('notes that a time-to-first-token target is not a full response time', () => {
    expect(extractLatency('time to first token below 500 ms').evidence.latencyMs?.note).toContain('time to first token');
  });

  it('designs for the tail when both a median and a p99 are given', () => {
    const extraction = extractLatency('p50 under 50 ms and p99 under 200 ms');
    expect(extraction.value).toEqual({ latencyMs: 200, latencyPercentile: 'p99' });
    expect(extraction.ambiguities).toEqual([]);
  });

  it('leaves latency empty but asks when only "real-time" is said', () => {
    const extraction = extractLatency('Real-time video object detection');
    expect(extraction.value.latencyMs).toBeNull();
    expect(extraction.ambiguities).toEqual([{ field: 'latencyMs', message: expect.stringContaining('"Real-time" without a number') }]);
  });

  it('does not read frequencies or durations as latency', () => {
    expect(extractLatency('sensors report every 5 seconds').value.latencyMs).toBeNull();
    expect(extractLatency('a 30 second video clip').value.latencyMs).toBeNull();
    expect(extractLatency('Llama 3 8B on us-east-1 at 30 fps').value.latencyMs).toBeNull();
  });

  it('asks which target holds when two differ at the same percentile, and trusts the reading less', () => {
    const conflicting = extractLatency('latency under 100 ms; latency under 200 ms');
    expect(conflicting.ambiguities[0]?.message).toContain('Several latency targets');
    expect(conflicting.evidence.latencyMs?.confidence ?? 1).toBeLessThan(extractLatency('latency under 100 ms').evidence.latencyMs?.confidence ?? 0);
  });

  it('is surer of a qualified percentile target than of a bare figure', () => {
    const qualified = extractLatency('p99 latency under 100 ms').evidence.latencyMs?.confidence ?? 0;
    const bare = extractLatency('100 ms').evidence.latencyMs?.confidence ?? 1;
    expect(qualified).toBeGreaterThan(bare);
  });
});
