type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
};

const formats: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  email: 'someone@example.com',
  uri: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/**
 * The smallest plausible value that satisfies a JSON schema, chosen deterministically: a given
 * const, default, example or first enum value; otherwise required properties filled in, minimum
 * lengths and counts met, numbers at their minimum. Enough for the built-in model to answer
 * structured-output and tool requests with valid JSON offline; not a general schema solver.
 */
export function exampleFromJsonSchema(schema: unknown, root: unknown = schema, depth = 0): unknown {
  const node = (schema ?? {}) as JsonSchema;
  if (depth > 32) return null;
  if (node.$ref) return exampleFromJsonSchema(resolveReference(node.$ref, root as JsonSchema), root, depth + 1);
  if ('const' in node) return node.const;
  if (node.default !== undefined) return node.default;
  if (node.examples?.length) return node.examples[0];
  if (node.enum?.length) return node.enum[0];
  const choice = node.anyOf?.[0] ?? node.oneOf?.[0];
  if (choice) return exampleFromJsonSchema(choice, root, depth + 1);
  if (node.allOf?.length) return Object.assign({}, ...node.allOf.map((part) => exampleFromJsonSchema(part, root, depth + 1) as object));
  const type = Array.isArray(node.type) ? (node.type.find((candidate) => candidate !== 'null') ?? 'null') : node.type;
  switch (type ?? (node.properties ? 'object' : undefined)) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of node.required ?? []) value[key] = exampleFromJsonSchema(node.properties?.[key], root, depth + 1);
      return value;
    }
    case 'array':
      return Array.from({ length: node.minItems ?? 0 }, () => exampleFromJsonSchema(node.items, root, depth + 1));
    case 'string': {
      const text = (node.format && formats[node.format]) ?? 'example';
      return text.padEnd(node.minLength ?? 0, 'x');
    }
    case 'integer':
      return Math.ceil(node.minimum ?? (node.exclusiveMinimum === undefined ? 0 : node.exclusiveMinimum + 1));
    case 'number':
      return node.minimum ?? (node.exclusiveMinimum === undefined ? 0 : node.exclusiveMinimum + 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return null;
  }
}

function resolveReference(reference: string, root: JsonSchema): unknown {
  if (reference === '#') return root;
  const path = reference.replace(/^#\//, '').split('/');
  let current: unknown = root;
  for (const segment of path) current = (current as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  return current;
}
