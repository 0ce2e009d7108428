import type { Environment } from '@marcbachmann/cel-js';
import { findUndeclaredHasField } from './find-undeclared-has-field.js';
import { summarizeCelError } from './summarize-cel-error.js';
import { createPolicyEnvironment, policyPhases, policyPhaseVariables, type PolicyPhase } from './policy-input.js';

/** Longer expressions are refused when saved: a policy is a rule, not a program. */
export const maxPolicyExpressionLength = 4_000;

/** Why an expression was refused, and where: 1-based line and column, 0-based offset (UTF-16 units). */
export interface PolicyExpressionError {
  message: string;
  line: number;
  column: number;
  offset: number;
}

/** A compiled, type-checked expression: evaluates against `convertToPolicyActivation`'s output. */
export type CompiledPolicyExpression = (activation: Readonly<Record<string, unknown>>) => unknown;

/** The outcome of compiling one expression for one phase. */
export type PolicyExpressionCompilation = { valid: true; evaluate: CompiledPolicyExpression } | { valid: false; error: PolicyExpressionError };

/**
 * One environment per phase for the whole process: an environment costs about 100 µs to build and
 * nothing in it changes after its variables are registered (parsing and checking only touch the
 * expression's own syntax tree).
 */
const environments = new Map<PolicyPhase, Environment>();

function environmentFor(phase: PolicyPhase): Environment {
  let environment = environments.get(phase);
  if (!environment) {
    environment = createPolicyEnvironment(phase);
    environments.set(phase, environment);
  }
  return environment;
}

/**
 * Parses and type-checks `source` as a policy of `phase` (one parse; the check also records the
 * types the evaluator relies on, so evaluation skips checking). Never throws.
 */
export function compilePolicyExpression(phase: PolicyPhase, source: string): PolicyExpressionCompilation {
  if (typeof source !== 'string') return refuse('The expression must be a string', '', 0);
  if (!(policyPhases as readonly string[]).includes(phase)) {
    return refuse(`Unknown phase '${String(phase)}'; the phases are ${policyPhases.join(', ')}`, source, 0);
  }
  if (source.trim() === '') return refuse('The expression is empty', source, 0);
  if (source.length > maxPolicyExpressionLength) {
    return refuse(`The expression is ${source.length.toLocaleString('en')} characters long; the limit is ${maxPolicyExpressionLength.toLocaleString('en')}`, source, maxPolicyExpressionLength);
  }
  try {
    const parsed = environmentFor(phase).parse(source);
    const checked = parsed.check();
    if (!checked.valid) return refuseLibraryError(checked.error, phase, source);
    if (checked.type !== 'bool') {
      return refuse(`The expression must be bool, but it is ${checked.type ?? 'unknown'} (compare the value, e.g. \`… == true\`)`, source, parsed.ast.start);
    }
    const undeclared = findUndeclaredHasField(parsed.ast);
    if (undeclared) return refuse(`No such key: ${undeclared.field} (${undeclared.typeName} has no such field, so has() would always be false)`, source, undeclared.offset);
    return { valid: true, evaluate: parsed };
  } catch (error) {
    return refuseLibraryError(error, phase, source);
  }
}

/**
 * The library's ParseError and TypeError carry `range.start`, a 0-based offset into the source
 * (`node.pos` on older errors); the message repeats it only as a drawing for humans. Errors without
 * a position (a RangeError from a stack overflow on thousands of nested `!`) point at the start of
 * the expression.
 */
function refuseLibraryError(error: unknown, phase: PolicyPhase, source: string): PolicyExpressionCompilation {
  const details = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; range?: { start?: unknown }; node?: { pos?: unknown } };
  const summary = summarizeCelError(error, 'The expression is not valid');
  const message = details.code === 'unknown_variable' ? `${summary} (${phase} policies can use ${policyPhaseVariables[phase].join(', ')})` : summary;
  const offset = typeof details.range?.start === 'number' ? details.range.start : typeof details.node?.pos === 'number' ? details.node.pos : 0;
  return refuse(message, source, offset);
}

function refuse(message: string, source: string, offset: number): PolicyExpressionCompilation {
  return { valid: false, error: { message, ...locateOffset(source, offset) } };
}

/** Line and column (1-based) of `offset`, clamped into the source; a position just past the end is kept (end of input). */
function locateOffset(source: string, offset: number): { line: number; column: number; offset: number } {
  const clamped = Number.isInteger(offset) ? Math.min(Math.max(offset, 0), source.length) : 0;
  let line = 1;
  let lineStart = 0;
  for (let index = source.indexOf('\n'); index !== -1 && index < clamped; index = source.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: clamped - lineStart + 1, offset: clamped };
}
