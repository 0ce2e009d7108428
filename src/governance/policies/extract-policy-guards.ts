import { policyVariableDeclarations, type PolicyVariableName } from './policy-input.js';

/** A declared scalar field of a policy variable (`run.workflow`), as a guard reads it from the input. */
interface GuardedField {
  readonly variable: PolicyVariableName;
  readonly field: string;
}

/** `==` and `!=` for every scalar type; the order comparisons for int and double only. */
export type PolicyGuardOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * A conjunct of a policy that plain JavaScript evaluates exactly as CEL does, or knows it cannot
 * (a value of the wrong type, which CEL would fail on). `negated` is a leading `!`. Int literals
 * are kept as numbers: only safe integers are accepted.
 */
export type PolicyGuard = GuardedField & { readonly negated: boolean } & (
    | { readonly kind: 'compare'; readonly type: 'string' | 'bool' | 'int' | 'double'; readonly operator: PolicyGuardOperator; readonly value: string | boolean | number }
    | { readonly kind: 'bool' }
    | { readonly kind: 'string-method'; readonly method: 'startsWith' | 'endsWith' | 'contains'; readonly value: string }
    | { readonly kind: 'in'; readonly values: readonly string[] }
    | { readonly kind: 'has'; readonly key: string }
  );

/** The guards of one policy. */
export interface PolicyGuards {
  /** The conjuncts of the top-level `&&` chain that are guards, in source order. */
  readonly guards: readonly PolicyGuard[];
  /** Every conjunct is a guard: when they all hold, so does the expression. */
  readonly complete: boolean;
}

interface SyntaxNode {
  op: string;
  args: unknown;
  checkedType?: { name?: unknown };
}

type ScalarType = 'string' | 'bool' | 'int' | 'double';
type Literal = { type: ScalarType; value: string | boolean | number };

const orderOperators: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);
/** `5 < x` is `x > 5`. */
const mirroredOperators: Readonly<Record<string, PolicyGuardOperator>> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const stringMethods: ReadonlySet<string> = new Set(['startsWith', 'endsWith', 'contains']);

function isSyntaxNode(value: unknown): value is SyntaxNode {
  return typeof value === 'object' && value !== null && typeof (value as { op?: unknown }).op === 'string';
}

/** The two operands of a binary node, when it has exactly two syntax nodes as arguments. */
function operandsOf(node: SyntaxNode): [SyntaxNode, SyntaxNode] | undefined {
  if (!Array.isArray(node.args) || node.args.length !== 2) return undefined;
  const [left, right] = node.args as unknown[];
  return isSyntaxNode(left) && isSyntaxNode(right) ? [left, right] : undefined;
}

/** `variable.field` on a declared policy variable, with the field's declared CEL type. */
function readField(node: SyntaxNode): (GuardedField & { type: string }) | undefined {
  if (node.op !== '.' || !Array.isArray(node.args)) return undefined;
  const [operand, field] = node.args as unknown[];
  if (!isSyntaxNode(operand) || operand.op !== 'id' || typeof operand.args !== 'string' || typeof field !== 'string') return undefined;
  if (!Object.hasOwn(policyVariableDeclarations, operand.args)) return undefined;
  const variable = operand.args as PolicyVariableName;
  const declaration = policyVariableDeclarations[variable];
  // The checker resolved the identifier to the variable's message type: it is the variable, nothing else.
  if (operand.checkedType?.name !== declaration.typeName || !Object.hasOwn(declaration.fields, field)) return undefined;
  return { variable, field, type: (declaration.fields as Readonly<Record<string, string>>)[field] as string };
}

function readScalarField(node: SyntaxNode): (GuardedField & { type: ScalarType }) | undefined {
  const field = readField(node);
  if (field === undefined || !(field.type === 'string' || field.type === 'bool' || field.type === 'int' || field.type === 'double')) return undefined;
  return { variable: field.variable, field: field.field, type: field.type };
}

/** A string, bool, int (safe integers only) or double literal, possibly negated with `-`. */
function readLiteral(node: SyntaxNode): Literal | undefined {
  if (node.op === '-_') {
    const operand = isSyntaxNode(node.args) ? readLiteral(node.args) : undefined;
    if (operand === undefined || typeof operand.value !== 'number') return undefined;
    return { type: operand.type, value: -operand.value };
  }
  if (node.op !== 'value') return undefined;
  const value = node.args;
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'number') return { type: 'double', value };
  if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return { type: 'int', value: Number(value) };
  // uint, bytes, null, ints beyond 2^53: not guards.
  return undefined;
}

function readStringLiteral(node: SyntaxNode): string | undefined {
  return node.op === 'value' && typeof node.args === 'string' ? node.args : undefined;
}

/** `field op literal` or `literal op field`, with the same CEL type on both sides. */
function readComparison(node: SyntaxNode, negated: boolean): PolicyGuard | undefined {
  const operands = operandsOf(node);
  if (operands === undefined) return undefined;
  const [left, right] = operands;
  const fieldOnLeft = readScalarField(left);
  const field = fieldOnLeft ?? readScalarField(right);
  const literal = fieldOnLeft ? readLiteral(right) : readLiteral(left);
  if (field === undefined || literal === undefined || literal.type !== field.type) return undefined;
  // Strings and bools are compared for equality only; ordering them is left to the library.
  if (orderOperators.has(node.op) && field.type !== 'int' && field.type !== 'double') return undefined;
  const operator = fieldOnLeft ? (node.op as PolicyGuardOperator) : (mirroredOperators[node.op] as PolicyGuardOperator);
  return { kind: 'compare', variable: field.variable, field: field.field, type: field.type, operator, value: literal.value, negated };
}

/** `field in ["a", "b"]`: a string field and a list of string literals only. */
function readMembership(node: SyntaxNode, negated: boolean): PolicyGuard | undefined {
  const operands = operandsOf(node);
  if (operands === undefined) return undefined;
  const [left, right] = operands;
  const field = readScalarField(left);
  if (field?.type !== 'string' || right.op !== 'list' || !Array.isArray(right.args)) return undefined;
  const values: string[] = [];
  for (const element of right.args as unknown[]) {
    const value = isSyntaxNode(element) ? readStringLiteral(element) : undefined;
    if (value === undefined) return undefined;
    values.push(value);
  }
  return { kind: 'in', variable: field.variable, field: field.field, values, negated };
}

/** `field.startsWith("x")`, `endsWith`, `contains` on a string field with one string literal. */
function readStringMethod(node: SyntaxNode, negated: boolean): PolicyGuard | undefined {
  if (!Array.isArray(node.args) || node.args.length !== 3) return undefined;
  const [method, receiver, methodArguments] = node.args as unknown[];
  if (typeof method !== 'string' || !stringMethods.has(method) || !isSyntaxNode(receiver) || !Array.isArray(methodArguments) || methodArguments.length !== 1) return undefined;
  const field = readScalarField(receiver);
  const [argument] = methodArguments as unknown[];
  const value = isSyntaxNode(argument) ? readStringLiteral(argument) : undefined;
  if (field?.type !== 'string' || value === undefined) return undefined;
  return { kind: 'string-method', variable: field.variable, field: field.field, method: method as 'startsWith' | 'endsWith' | 'contains', value, negated };
}

/** `has(run.input.key)`: one key of a declared `map<string, dyn>` field, nothing deeper. */
function readHas(node: SyntaxNode, negated: boolean): PolicyGuard | undefined {
  if (!Array.isArray(node.args) || node.args[0] !== 'has' || !Array.isArray(node.args[1]) || node.args[1].length !== 1) return undefined;
  const [selection] = node.args[1] as unknown[];
  if (!isSyntaxNode(selection) || selection.op !== '.' || !Array.isArray(selection.args)) return undefined;
  const [operand, key] = selection.args as unknown[];
  const field = isSyntaxNode(operand) ? readField(operand) : undefined;
  if (field?.type !== 'map<string, dyn>' || typeof key !== 'string') return undefined;
  return { kind: 'has', variable: field.variable, field: field.field, key, negated };
}

/** The guard a conjunct is, or undefined when it is anything else (the policy is then evaluated). */
function readGuard(node: SyntaxNode, negated: boolean): PolicyGuard | undefined {
  switch (node.op) {
    case '!_':
      return isSyntaxNode(node.args) ? readGuard(node.args, !negated) : undefined;
    case '.': {
      const field = readScalarField(node);
      return field?.type === 'bool' ? { kind: 'bool', variable: field.variable, field: field.field, negated } : undefined;
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return readComparison(node, negated);
    case 'in':
      return readMembership(node, negated);
    case 'rcall':
      return readStringMethod(node, negated);
    case 'call':
      return readHas(node, negated);
    default:
      return undefined;
  }
}

/**
 * The guards of a type-checked policy: the conjuncts of its top-level `&&` chain that plain
 * JavaScript can evaluate with CEL's semantics. CEL's `&&` is commutative over errors
 * (`error && false` is false), so when any guard is false for an input the policy neither
 * matches nor errors, whatever its other conjuncts would do: skipping it is exact.
 */
export function extractPolicyGuards(root: unknown): PolicyGuards {
  const guards: PolicyGuard[] = [];
  let conjuncts = 0;
  // Depth first, right operand pushed first, so that the conjuncts come out in source order.
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isSyntaxNode(node)) return { guards: [], complete: false };
    if (node.op === '&&') {
      const operands = operandsOf(node);
      if (operands === undefined) return { guards: [], complete: false };
      pending.push(operands[1], operands[0]);
      continue;
    }
    conjuncts += 1;
    const guard = readGuard(node, false);
    if (guard !== undefined) guards.push(guard);
  }
  return { guards, complete: guards.length === conjuncts };
}
