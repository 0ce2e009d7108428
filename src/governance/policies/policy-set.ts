import { strongerPolicyEffect, type PolicyEffect } from '../../core/combine-policy-effects.js';
import { compilePolicyExpression, type CompiledPolicyExpression, type PolicyExpressionError } from './compile-policy-expression.js';
import { checkPolicyGuards, createPolicyGuardChecker, type GuardResults, type PolicyGuardCheck, type PolicyGuardChecker } from './create-policy-guard-checker.js';
import { extractPolicyGuards } from './extract-policy-guards.js';
import { PolicySetDecision, type PolicyDecision, type PolicyEvaluationError, type PolicyMatch } from './policy-set-decision.js';
import { convertToPolicyActivation, policyPhases, type PolicyInputs, type PolicyPhase } from './policy-input.js';
import type { PolicyMode, PolicyRecord } from './policy-record.js';
import { summarizeCelError } from './summarize-cel-error.js';

/** A stored policy that no longer compiles (the input changed since it was saved). */
export interface RejectedPolicy {
  policyId: string;
  phase: string;
  error: PolicyExpressionError;
}

interface CompiledPolicy {
  readonly id: string;
  readonly effect: PolicyEffect;
  readonly mode: PolicyMode;
  /** Shared by every decision the policy matches: a match allocates nothing. */
  readonly match: PolicyMatch;
  /** Undefined when the policy did not compile; it then errors on every decision. */
  readonly evaluate: CompiledPolicyExpression | undefined;
  readonly compileError: string;
  /** Settles the policy from its guards' results when they can; undefined when it has none. */
  readonly guard: PolicyGuardCheck | undefined;
  /** deny and require_approval count as matched when they error; allow does not. */
  readonly failsClosed: boolean;
}

interface PhasePolicies {
  /** Priority descending, then id: evaluation order is `matched`'s order, so nothing is sorted per decision. */
  readonly policies: readonly CompiledPolicy[];
  readonly evaluatedPolicyIds: readonly string[];
  /** Tests every guard of the policies, once per decision; undefined when no policy has guards. */
  readonly guardChecker: PolicyGuardChecker | undefined;
}

const noPolicies: PhasePolicies = { policies: [], evaluatedPolicyIds: Object.freeze([]), guardChecker: undefined };
const noResults: GuardResults = Object.freeze([]);

/** How a set is built. */
export interface PolicySetOptions {
  /**
   * Whether to settle policies by their guards (see `extractPolicyGuards`) before evaluating
   * them; on by default. Off, every policy goes to the library: the equivalence test compares both.
   */
  guards?: boolean;
}

/**
 * The checked syntax tree of a compiled expression: `compilePolicyExpression` returns the
 * library's parsed function, which carries it as `ast` (cel-js 8). Undefined elsewhere: the
 * policy then has no guards and is always evaluated, which is never wrong.
 */
function syntaxTreeOf(evaluate: CompiledPolicyExpression): unknown {
  return (evaluate as CompiledPolicyExpression & { ast?: unknown }).ast;
}

/**
 * The policies of a tenant, compiled once and kept by phase. `decide` evaluates every policy of
 * the phase (all matches are recorded for audit, not only the first) and combines the effects:
 * deny beats require_approval beats allow, no match allows. A policy whose guards settle it for
 * an input (`run.workflow == "x" && …` for another workflow) is not handed to the library: the
 * outcome is the same, errors included, at a fraction of the cost.
 */
export class PolicySet {
  /** Stored policies that failed to compile; they still take part in decisions, failing closed. */
  readonly rejected: readonly RejectedPolicy[];
  readonly #phases = new Map<PolicyPhase, PhasePolicies>();

  constructor(records: Iterable<PolicyRecord>, options: PolicySetOptions = {}) {
    const useGuards = options.guards ?? true;
    const rejected: RejectedPolicy[] = [];
    const byPhase = new Map<PolicyPhase, { priority: number; policy: CompiledPolicy }[]>();
    const guardCheckers = new Map<PolicyPhase, PolicyGuardChecker>();
    for (const record of records) {
      const compilation = compilePolicyExpression(record.phase, record.expression);
      if (!compilation.valid) rejected.push({ policyId: record.id, phase: record.phase, error: compilation.error });
      if (!(policyPhases as readonly string[]).includes(record.phase)) continue;
      const evaluate = compilation.valid ? compilation.evaluate : undefined;
      let guard: PolicyGuardCheck | undefined;
      if (useGuards && evaluate !== undefined) {
        const guardChecker = guardCheckers.get(record.phase) ?? createPolicyGuardChecker();
        guardCheckers.set(record.phase, guardChecker);
        guard = guardChecker.createCheck(extractPolicyGuards(syntaxTreeOf(evaluate)));
      }
      const policy: CompiledPolicy = {
        id: record.id,
        effect: record.effect,
        mode: record.mode,
        match: Object.freeze({ policyId: record.id, effect: record.effect, mode: record.mode }),
        evaluate,
        compileError: compilation.valid ? '' : `The policy does not compile: ${compilation.error.message}`,
        guard,
        failsClosed: record.effect !== 'allow',
      };
      const phasePolicies = byPhase.get(record.phase) ?? [];
      phasePolicies.push({ priority: record.priority, policy });
      byPhase.set(record.phase, phasePolicies);
    }
    for (const [phase, entries] of byPhase) {
      entries.sort((left, right) => right.priority - left.priority || compareIds(left.policy.id, right.policy.id));
      const policies = entries.map((entry) => entry.policy);
      this.#phases.set(phase, {
        policies,
        evaluatedPolicyIds: Object.freeze(policies.map((policy) => policy.id)),
        guardChecker: policies.some((policy) => policy.guard !== undefined) ? guardCheckers.get(phase) : undefined,
      });
    }
    this.rejected = Object.freeze(rejected);
  }

  /**
   * Evaluates every policy of `phase` against `input` and combines the matches. Never throws: a
   * policy that fails at runtime (a missing map key, a division by zero) is recorded in `errors`
   * and, if it would deny or require approval, counts as matched. The decision keeps `input` to
   * hash it on first read of `inputHash`: do not change the input afterwards.
   */
  decide<Phase extends PolicyPhase>(phase: Phase, input: PolicyInputs[Phase]): PolicyDecision {
    const { policies, evaluatedPolicyIds, guardChecker } = this.#phases.get(phase) ?? noPolicies;
    const started = performance.now();
    let effect: PolicyEffect = 'allow';
    let shadowEffect: PolicyEffect = 'allow';
    let matched: PolicyMatch[] | undefined;
    let errors: PolicyEvaluationError[] | undefined;
    if (policies.length > 0) {
      const guardResults = guardChecker === undefined ? noResults : guardChecker.testGuards(input as unknown as Readonly<Record<string, unknown>>);
      // Built on the first policy the guards leave to the library: often none are.
      let activation: Record<string, unknown> | undefined;
      for (const policy of policies) {
        let isMatch: boolean;
        const settled = policy.guard === undefined ? undefined : checkPolicyGuards(policy.guard, guardResults);
        if (settled !== undefined) {
          isMatch = settled;
        } else if (policy.evaluate === undefined) {
          (errors ??= []).push({ policyId: policy.id, message: policy.compileError });
          isMatch = policy.failsClosed;
        } else {
          try {
            const result = policy.evaluate((activation ??= convertToPolicyActivation(phase, input)));
            if (typeof result === 'boolean') {
              isMatch = result;
            } else {
              // The type check rules this out; should a library change let it through, fail closed.
              (errors ??= []).push({ policyId: policy.id, message: `The expression gave ${typeof result}, not bool` });
              isMatch = policy.failsClosed;
            }
          } catch (error) {
            (errors ??= []).push({ policyId: policy.id, message: summarizeCelError(error, 'The expression failed') });
            isMatch = policy.failsClosed;
          }
        }
        if (!isMatch) continue;
        (matched ??= []).push(policy.match);
        // Folding only on a different effect keeps the common case (another deny) to one comparison.
        if (policy.effect !== shadowEffect) shadowEffect = strongerPolicyEffect(shadowEffect, policy.effect);
        if (policy.mode === 'enforce' && policy.effect !== effect) effect = strongerPolicyEffect(effect, policy.effect);
      }
    }
    const latencyMicros = (performance.now() - started) * 1_000;
    return new PolicySetDecision({ effect, shadowEffect, matched, errors, evaluatedPolicyIds, latencyMicros, input });
  }

  /**
   * The policies of `phase` that `decide` hands to the library for `input`, in evaluation order:
   * the others are settled by their guards (or did not compile). For tests and the bench.
   */
  policiesToEvaluate<Phase extends PolicyPhase>(phase: Phase, input: PolicyInputs[Phase]): string[] {
    const { policies, guardChecker } = this.#phases.get(phase) ?? noPolicies;
    const guardResults = guardChecker === undefined ? noResults : guardChecker.testGuards(input as unknown as Readonly<Record<string, unknown>>);
    return policies.filter((policy) => policy.evaluate !== undefined && (policy.guard === undefined || checkPolicyGuards(policy.guard, guardResults) === undefined)).map((policy) => policy.id);
  }
}

function compareIds(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
