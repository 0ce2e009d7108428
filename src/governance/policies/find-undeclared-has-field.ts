import { policyVariableDeclarations } from './policy-input.js';

/** A `has(x.field)` naming a field that x's message type does not declare. */
export interface UndeclaredHasField {
  typeName: string;
  field: string;
  /** Where the library places the selection (as for its own `No such key` errors). */
  offset: number;
}

interface SyntaxNode {
  op: string;
  args: unknown;
  pos?: number;
  checkedType?: { name?: unknown };
}

const fieldsByTypeName = new Map<string, Readonly<Record<string, string>>>(Object.values(policyVariableDeclarations).map((declaration) => [declaration.typeName, declaration.fields]));

function isSyntaxNode(value: unknown): value is SyntaxNode {
  return typeof value === 'object' && value !== null && typeof (value as { op?: unknown }).op === 'string';
}

/**
 * The declared type of a selection chain (`run`, `run.input`), when it is one of the policy
 * message types or a field of one; undefined for anything else (maps, dyn, calls).
 */
function declaredTypeOf(node: SyntaxNode): string | undefined {
  if (typeof node.checkedType?.name === 'string') return node.checkedType.name;
  if (node.op !== '.' || !Array.isArray(node.args)) return undefined;
  const [operand, field] = node.args as [unknown, unknown];
  if (!isSyntaxNode(operand) || typeof field !== 'string') return undefined;
  const operandType = declaredTypeOf(operand);
  return operandType === undefined ? undefined : fieldsByTypeName.get(operandType)?.[field];
}

/**
 * The first `has()` whose field is not declared on its message type. The library type-checks
 * `run.nosuchfield` (no such key) but lets `has(run.nosuchfield)` through as always false, a
 * typo that would silently disable a policy; this walks the checked syntax tree to catch it.
 */
export function findUndeclaredHasField(root: unknown): UndeclaredHasField | undefined {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isSyntaxNode(node) || node.op === 'value') continue;
    if (node.op === 'call' && Array.isArray(node.args) && node.args[0] === 'has') {
      const [selection] = (Array.isArray(node.args[1]) ? node.args[1] : []) as unknown[];
      if (isSyntaxNode(selection) && selection.op === '.' && Array.isArray(selection.args)) {
        const [operand, field] = selection.args as [unknown, unknown];
        const typeName = isSyntaxNode(operand) ? declaredTypeOf(operand) : undefined;
        const fields = typeName === undefined ? undefined : fieldsByTypeName.get(typeName);
        if (fields && typeof field === 'string' && !Object.hasOwn(fields, field)) {
          return { typeName: typeName as string, field, offset: selection.pos ?? 0 };
        }
      }
    }
    // Pushed in reverse, so that nodes come off the stack in source order and the first is reported.
    const children = (Array.isArray(node.args) ? node.args : [node.args]).flatMap((child: unknown) => (Array.isArray(child) ? child : [child]));
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]);
  }
  return undefined;
}
