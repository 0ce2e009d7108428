import { describe, expect, it } from 'vitest';
import { findUndeclaredHasField } from './find-undeclared-has-field.js';
import { createPolicyEnvironment } from './policy-input.js';

/** The checked syntax tree of `source` in the tool.before environment. */
function checkedTree(source: string): unknown {
  const parsed = createPolicyEnvironment('tool.before').parse(source);
  expect(parsed.check().valid).toBe(true);
  return parsed.ast;
}

describe('findUndeclaredHasField', () => {
  it('finds has() on a field the message type does not declare, at the field', () => {
    expect(findUndeclaredHasField(checkedTree('step.attempt > 1 || has(tool.nmae)'))).toEqual({ typeName: 'Tool', field: 'nmae', offset: 29 });
  });

  it('reports the first one in source order', () => {
    expect(findUndeclaredHasField(checkedTree('has(run.first) || has(run.second)'))).toMatchObject({ field: 'first' });
  });

  it('looks inside macros, lists, maps and ternaries', () => {
    expect(findUndeclaredHasField(checkedTree('[1, 2].exists(x, has(step.nodes))'))).toMatchObject({ typeName: 'Step', field: 'nodes' });
    expect(findUndeclaredHasField(checkedTree('{"k": has(tenant.name)}["k"]'))).toMatchObject({ typeName: 'Tenant', field: 'name' });
    expect(findUndeclaredHasField(checkedTree('true ? has(principal.email) : false'))).toMatchObject({ typeName: 'Principal', field: 'email' });
  });

  it('accepts declared fields, and any key of a map field', () => {
    expect(findUndeclaredHasField(checkedTree('has(tool.name) && has(tool.arguments.url) && has(run.input.a.b)'))).toBeUndefined();
  });
});
