import { describe, expect, it } from 'vitest';
import { buildConstraints } from './__fixtures__/build-constraints.js';
import { chooseRegion } from './choose-region.js';
import { noDirectives } from './planning-directives.js';

describe('chooseRegion', () => {
  it('uses the cloud’s default region when nothing is stated', () => {
    expect(chooseRegion(buildConstraints({ cloud: 'gcp' }), noDirectives)).toEqual({ region: 'us-central1', reason: null });
  });

  it('picks an EU region for GDPR when no region is stated, on every cloud', () => {
    expect(chooseRegion(buildConstraints({ compliance: ['GDPR'] }), noDirectives).region).toBe('eu-west-1');
    expect(chooseRegion(buildConstraints({ compliance: ['GDPR'], cloud: 'gcp' }), noDirectives).region).toBe('europe-west1');
    expect(chooseRegion(buildConstraints({ compliance: ['GDPR'], cloud: 'azure' }), noDirectives).reason).toBe('westeurope: GDPR keeps data in the EU');
  });

  it('prefers the stated region that is in the required jurisdiction', () => {
    expect(chooseRegion(buildConstraints({ compliance: ['GDPR'], regions: ['us-east-1', 'eu-central-1'] }), noDirectives).region).toBe('eu-central-1');
  });

  it('honours a stated region that breaks residency, so the policy critic can say so', () => {
    expect(chooseRegion(buildConstraints({ compliance: ['GDPR'], regions: ['us-east-1'] }), noDirectives).region).toBe('us-east-1');
  });

  it('moves to the EU default after a data residency finding', () => {
    const directives = { ...noDirectives, jurisdiction: { value: 'eu' as const, reason: 'GDPR keeps data in the EU (data_residency_violation)' } };
    expect(chooseRegion(buildConstraints({ compliance: ['GDPR'], regions: ['us-east-1'] }), directives)).toEqual({
      region: 'eu-west-1',
      reason: 'eu-west-1: GDPR keeps data in the EU (data_residency_violation)',
    });
  });
});
