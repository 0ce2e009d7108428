import type { PolicyGuard, PolicyGuardOperator, PolicyGuards } from './extract-policy-guards.js';

/**
 * Every distinct guard of one phase's policies on one input (see `PolicyGuardChecker`): true or
 * false as CEL would compute it, undefined where CEL would fail (or might).
 */
export type GuardResults = readonly (boolean | undefined)[];

/** The guards of one policy: which of the phase's guard results it needs, and whether they are all it is. */
export interface PolicyGuardCheck {
  /** Indices into `GuardResults`. */
  readonly tests: readonly number[];
  /** Every conjunct is a guard: when they all hold, the policy matches. */
  readonly complete: boolean;
}

/** The guards of one phase's policies, deduplicated, and their evaluation once per decision. */
export interface PolicyGuardChecker {
  /** Registers one policy's guards; undefined when it has none. */
  createCheck(guards: PolicyGuards): PolicyGuardCheck | undefined;
  /** Every guard registered so far, on `input`: read each guarded field once, then test each guard once. */
  testGuards(input: Readonly<Record<string, unknown>>): GuardResults;
}

type FieldType = 'string' | 'bool' | 'int' | 'double' | 'map';

interface GuardedPath {
  readonly variable: string;
  readonly field: string;
  readonly type: FieldType;
}

/** A guard on the guarded fields of an input: its value as CEL would compute it, or undefined when CEL would fail (or might). */
type GuardTest = (fields: readonly unknown[]) => boolean | undefined;

/**
 * The value the library sees for a field of `type`, or undefined when it fails on it ("Field is
 * not of type", "No such key"). `convertToPolicyActivation` copies the fields of an object
 * variable (and of nothing else) into the message; an int field holds `BigInt(Math.trunc(value))`
 * of a finite number and any other value as it is. A truncated finite number compares with a
 * safe-integer literal exactly as the bigint does; a bigint given as is (no caller does) is left
 * to the library. A map must be a plain object: the library looks at `constructor` (so an own
 * `constructor` key makes it fail) and other maps are left to it.
 */
function convertField(value: unknown, type: FieldType): unknown {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'int':
      return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : undefined;
    case 'double':
      return typeof value === 'number' ? value : undefined;
    case 'map': {
      if (typeof value !== 'object' || value === null) return undefined;
      const mapConstructor = (value as { constructor?: unknown }).constructor;
      return mapConstructor === Object || mapConstructor === undefined ? value : undefined;
    }
  }
}

/**
 * `has(map.key)` as the library evaluates it on a plain-object map: the key must be an own
 * property that is not `undefined`, and its value one the library accepts as `dyn` (a value of
 * another class is left to it).
 */
function hasKey(map: object, key: string): boolean | undefined {
  const value = Object.hasOwn(map, key) ? (map as Record<string, unknown>)[key] : undefined;
  if (value === undefined) return false;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return true;
      const valueConstructor = (value as { constructor?: unknown }).constructor;
      return valueConstructor === undefined || valueConstructor === Object || valueConstructor === Array || valueConstructor === Map || valueConstructor === Set ? true : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The library's own operators, mirrored: `==` is `===` for strings, bools, ints (bigints) and
 * doubles (so NaN differs from itself and -0 equals 0), `!=` its negation, and the order
 * comparisons of int with int and double with double are JavaScript's. A negated guard flips
 * the result (`!== negated`), never the operator: `!(x > 1.0)` is not `x <= 1.0` for NaN.
 */
function createComparisonTest(slot: number, operator: PolicyGuardOperator, literal: string | boolean | number, negated: boolean): GuardTest {
  // `extractPolicyGuards` orders ints and doubles only.
  const bound = literal as number;
  switch (operator) {
    case '==':
      return (fields) => {
        const value = fields[slot];
        return value === undefined ? undefined : (value === literal) !== negated;
      };
    case '!=':
      return (fields) => {
        const value = fields[slot];
        return value === undefined ? undefined : (value !== literal) !== negated;
      };
    case '<':
      return (fields) => {
        const value = fields[slot] as number | undefined;
        return value === undefined ? undefined : (value < bound) !== negated;
      };
    case '<=':
      return (fields) => {
        const value = fields[slot] as number | undefined;
        return value === undefined ? undefined : (value <= bound) !== negated;
      };
    case '>':
      return (fields) => {
        const value = fields[slot] as number | undefined;
        return value === undefined ? undefined : (value > bound) !== negated;
      };
    case '>=':
      return (fields) => {
        const value = fields[slot] as number | undefined;
        return value === undefined ? undefined : (value >= bound) !== negated;
      };
  }
}

/** One closure per guard, with its slot, literal and negation fixed: no call inside but the String and Set methods. */
function createGuardTest(guard: PolicyGuard, slot: number): GuardTest {
  const negated = guard.negated;
  switch (guard.kind) {
    case 'compare':
      return createComparisonTest(slot, guard.operator, guard.value, negated);
    case 'bool':
      return (fields) => {
        const value = fields[slot] as boolean | undefined;
        return value === undefined ? undefined : value !== negated;
      };
    case 'string-method': {
      const literal = guard.value;
      // The library calls the same String methods (`contains` is `includes`).
      if (guard.method === 'startsWith') {
        return (fields) => {
          const value = fields[slot] as string | undefined;
          return value === undefined ? undefined : value.startsWith(literal) !== negated;
        };
      }
      if (guard.method === 'endsWith') {
        return (fields) => {
          const value = fields[slot] as string | undefined;
          return value === undefined ? undefined : value.endsWith(literal) !== negated;
        };
      }
      return (fields) => {
        const value = fields[slot] as string | undefined;
        return value === undefined ? undefined : value.includes(literal) !== negated;
      };
    }
    case 'in': {
      // The library compares each element with `===`: for strings, set membership.
      const values = new Set(guard.values);
      return (fields) => {
        const value = fields[slot] as string | undefined;
        return value === undefined ? undefined : values.has(value) !== negated;
      };
    }
    case 'has': {
      const key = guard.key;
      return (fields) => {
        const map = fields[slot] as object | undefined;
        const found = map === undefined ? undefined : hasKey(map, key);
        return found === undefined ? undefined : found !== negated;
      };
    }
  }
}

/**
 * What a policy's guards say about the input `results` were computed on: `false`, the policy
 * does not match and cannot error (CEL's `error && false` is false, so an unknown guard next to
 * a false one changes nothing); `true`, it matches (a complete check whose guards all hold);
 * `undefined`, evaluate it.
 */
export function checkPolicyGuards(check: PolicyGuardCheck, results: GuardResults): boolean | undefined {
  const tests = check.tests;
  let allHold = check.complete;
  for (let index = 0; index < tests.length; index++) {
    const result = results[tests[index] as number];
    if (result === false) return false;
    if (result === undefined) allHold = false;
  }
  return allHold ? true : undefined;
}

/**
 * A checker for the guards of one phase's policies. Policies share guards (ten of them start
 * with `budget.hasLimit`) and fields: per decision each field is read once into an array, each
 * distinct guard tests its slot once, and each policy only looks its guards up. A guard reading
 * the input itself would look up a different property name at the same spot of shared code,
 * which V8 cannot cache, and cost several times more.
 */
export function createPolicyGuardChecker(): PolicyGuardChecker {
  const paths: GuardedPath[] = [];
  const slots = new Map<string, number>();
  const tests: GuardTest[] = [];
  const testIndices = new Map<string, number>();

  function slotOf(guard: PolicyGuard): number {
    const type: FieldType = guard.kind === 'has' ? 'map' : guard.kind === 'compare' ? guard.type : guard.kind === 'bool' ? 'bool' : 'string';
    const name = `${guard.variable}.${guard.field}`;
    let slot = slots.get(name);
    if (slot === undefined) {
      slot = paths.push({ variable: guard.variable, field: guard.field, type }) - 1;
      slots.set(name, slot);
    }
    return slot;
  }

  function testOf(guard: PolicyGuard): number {
    // Two guards with the same description test the same thing (-0 and 0 literals compare alike).
    const name = JSON.stringify(guard);
    let index = testIndices.get(name);
    if (index === undefined) {
      index = tests.push(createGuardTest(guard, slotOf(guard))) - 1;
      testIndices.set(name, index);
    }
    return index;
  }

  return {
    createCheck({ guards, complete }) {
      return guards.length === 0 ? undefined : { tests: guards.map(testOf), complete };
    },

    testGuards(input) {
      const fields = new Array<unknown>(paths.length);
      for (let slot = 0; slot < paths.length; slot++) {
        const path = paths[slot] as GuardedPath;
        const facts = input[path.variable];
        fields[slot] = typeof facts === 'object' && facts !== null ? convertField((facts as Record<string, unknown>)[path.field], path.type) : undefined;
      }
      const results = new Array<boolean | undefined>(tests.length);
      for (let index = 0; index < tests.length; index++) results[index] = (tests[index] as GuardTest)(fields);
      return results;
    },
  };
}
