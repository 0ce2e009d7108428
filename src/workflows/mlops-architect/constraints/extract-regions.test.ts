import { describe, expect, it } from 'vitest';
import { extractRegions } from './extract-regions.js';

describe('extractRegions', () => {
  it('reads region codes of every cloud as stated', () => {
    expect(extractRegions('on AWS us-east-1 and eu-west-1', 'aws').value).toEqual(['us-east-1', 'eu-west-1']);
    expect(extractRegions('europe-west4', 'gcp').value).toEqual(['europe-west4']);
    expect(extractRegions('germanywestcentral', 'azure').evidence['regions.germanywestcentral']?.source).toBe('stated');
  });

  it('implies an eu-* region on AWS from Germany and from EU residency', () => {
    const extraction = extractRegions('800 employees in Germany. Data must stay in the EU (GDPR).', 'aws');
    expect(extraction.value).toEqual(['eu-central-1']);
    expect(extraction.evidence['regions.eu-central-1']).toMatchObject({ source: 'implied', note: expect.stringContaining('residency') });
  });

  it('implies the matching region on the chosen cloud', () => {
    expect(extractRegions('EU residency', 'gcp').value).toEqual(['europe-west4']);
    expect(extractRegions('EU residency', 'azure').value).toEqual(['westeurope']);
  });

  it('is surer of a residency requirement than of where users happen to be', () => {
    const residency = extractRegions('data must be hosted in Germany', 'aws').evidence.regions?.confidence ?? 0;
    const users = extractRegions('our users are in Germany', 'aws').evidence.regions?.confidence ?? 1;
    expect(residency).toBeGreaterThan(users);
  });

  it('lets a written region code win over places', () => {
    expect(extractRegions('users in Germany, deploy to eu-west-1', 'aws').value).toEqual(['eu-west-1']);
  });

  it('asks when a region code belongs to another cloud', () => {
    expect(extractRegions('deploy to europe-west4', 'aws').ambiguities[0]?.message).toContain('europe-west4 is a GCP region');
  });

  it('does not read the pronoun "us" or "US$" as the United States', () => {
    expect(extractRegions('help us decide, budget US$500', 'aws').value).toEqual([]);
  });

  it('returns no region when nothing places the system', () => {
    expect(extractRegions('a churn model', 'aws')).toEqual({ value: [], evidence: {}, ambiguities: [] });
  });
});
