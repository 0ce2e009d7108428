import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combinePolicyEffects, policyEffects, strongerPolicyEffect, type PolicyEffect } from './combine-policy-effects.js';

const effects = fc.constantFrom(...policyEffects);

describe('combinePolicyEffects', () => {
  it('allows when no policy matched', () => {
    expect(combinePolicyEffects([])).toBe('allow');
  });

  it('lets deny beat require_approval and allow, in any order', () => {
    expect(combinePolicyEffects(['allow', 'deny', 'require_approval'])).toBe('deny');
    expect(combinePolicyEffects(['require_approval', 'allow', 'deny'])).toBe('deny');
  });

  it('lets require_approval beat allow', () => {
    expect(combinePolicyEffects(['allow', 'require_approval', 'allow'])).toBe('require_approval');
  });

  it('keeps allow when every match allows', () => {
    expect(combinePolicyEffects(['allow', 'allow'])).toBe('allow');
  });

  it('does not depend on the order of the matches', () => {
    fc.assert(
      fc.property(fc.array(effects), (matches) => {
        expect(combinePolicyEffects([...matches].reverse())).toBe(combinePolicyEffects(matches));
      }),
    );
  });

  it('gives the strongest effect present, which is one of the matches', () => {
    fc.assert(
      fc.property(fc.array(effects, { minLength: 1 }), (matches) => {
        const combined = combinePolicyEffects(matches);
        expect(matches).toContain(combined);
        const strongest: PolicyEffect = matches.includes('deny') ? 'deny' : matches.includes('require_approval') ? 'require_approval' : 'allow';
        expect(combined).toBe(strongest);
      }),
    );
  });
});

describe('strongerPolicyEffect', () => {
  it('is commutative, so folding matches in priority order cannot change the outcome', () => {
    fc.assert(
      fc.property(effects, effects, (left, right) => {
        expect(strongerPolicyEffect(left, right)).toBe(strongerPolicyEffect(right, left));
      }),
    );
  });
});
