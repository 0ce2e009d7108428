import { describe, expect, it } from 'vitest';
import { extractAvailability } from './extract-availability.js';

describe('extractAvailability', () => {
  it.each([
    ['99.9% availability', 99.9],
    ['multi-AZ, 99.95% uptime', 99.95],
    ['an SLA of 99.99%', 99.99],
    ['99,9 % Verfügbarkeit', 99.9],
    ['three nines', 99.9],
  ])('reads "%s" as %d %%', (text, availability) => {
    expect(extractAvailability(text).value).toBe(availability);
  });

  it('notes multi-AZ next to the target', () => {
    expect(extractAvailability('multi-AZ, 99.95% uptime').evidence.availability?.note).toContain('multi-AZ');
  });

  it('asks for a target when only redundancy is mentioned', () => {
    const extraction = extractAvailability('it must be highly available');
    expect(extraction.value).toBeNull();
    expect(extraction.ambiguities[0]?.field).toBe('availability');
  });

  it('does not read other percentages or percentiles as availability', () => {
    expect(extractAvailability('95% accuracy at the 99th percentile').value).toBeNull();
  });
});
