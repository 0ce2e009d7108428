import type { PolicyEffect } from '../../core/combine-policy-effects.js';
import { hashPolicyInput } from './hash-policy-input.js';
import type { PolicyMode } from './policy-record.js';

/** A policy whose expression held (or that failed closed). */
export interface PolicyMatch {
  readonly policyId: string;
  readonly effect: PolicyEffect;
  readonly mode: PolicyMode;
}

/** A policy that failed to evaluate for this input. */
export interface PolicyEvaluationError {
  readonly policyId: string;
  readonly message: string;
}

/** The outcome of evaluating one phase's policies against one input. */
export interface PolicyDecision {
  /** From enforce-mode matches only: deny beats require_approval beats allow; no match allows. */
  readonly effect: PolicyEffect;
  /** The effect had the shadow-mode matches been enforced too. */
  readonly shadowEffect: PolicyEffect;
  /** Every match, enforce and shadow, by priority (highest first), then policy id. */
  readonly matched: readonly PolicyMatch[];
  readonly errors: readonly PolicyEvaluationError[];
  /** Every policy of the phase, in evaluation order. */
  readonly evaluatedPolicyIds: readonly string[];
  /** The enforce-mode matches whose effect is `effect` (empty when nothing matched). */
  readonly deciding: readonly string[];
  /** SHA-256 (hex) of the input's canonical JSON. */
  readonly inputHash: string;
  /** Time spent evaluating, from `performance.now()`. */
  readonly latencyMicros: number;
}

const none: readonly never[] = Object.freeze([]);

/**
 * A decision whose input hash is computed on first read: hashing costs about as much as
 * evaluating a few dozen policies, and a caller that only needs the effect (a dry run, the bench)
 * should not pay for it. `toJSON` includes the hash, so logging the decision records it.
 */
export class PolicySetDecision implements PolicyDecision {
  readonly effect: PolicyEffect;
  readonly shadowEffect: PolicyEffect;
  readonly matched: readonly PolicyMatch[];
  readonly errors: readonly PolicyEvaluationError[];
  readonly evaluatedPolicyIds: readonly string[];
  readonly latencyMicros: number;
  readonly #input: unknown;
  #inputHash: string | undefined;
  #deciding: readonly string[] | undefined;

  constructor(outcome: {
    effect: PolicyEffect;
    shadowEffect: PolicyEffect;
    matched: readonly PolicyMatch[] | undefined;
    errors: readonly PolicyEvaluationError[] | undefined;
    evaluatedPolicyIds: readonly string[];
    latencyMicros: number;
    input: unknown;
  }) {
    this.effect = outcome.effect;
    this.shadowEffect = outcome.shadowEffect;
    this.matched = outcome.matched ?? none;
    this.errors = outcome.errors ?? none;
    this.evaluatedPolicyIds = outcome.evaluatedPolicyIds;
    this.latencyMicros = outcome.latencyMicros;
    this.#input = outcome.input;
  }

  get inputHash(): string {
    return (this.#inputHash ??= hashPolicyInput(this.#input));
  }

  get deciding(): readonly string[] {
    return (this.#deciding ??= this.matched.filter((match) => match.mode === 'enforce' && match.effect === this.effect).map((match) => match.policyId));
  }

  /** A plain object with every field, the lazy ones included. */
  toJSON(): PolicyDecision {
    return {
      effect: this.effect,
      shadowEffect: this.shadowEffect,
      matched: this.matched,
      errors: this.errors,
      evaluatedPolicyIds: this.evaluatedPolicyIds,
      deciding: this.deciding,
      inputHash: this.inputHash,
      latencyMicros: this.latencyMicros,
    };
  }
}
