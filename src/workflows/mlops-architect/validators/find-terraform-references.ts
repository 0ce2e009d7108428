// Names that look like `<type>.<name>` but are Terraform's own objects, not declarations.
const builtInObjects = new Set(['each', 'count', 'path', 'terraform', 'self']);

/**
 * Lists the references (`var.x`, `local.x`, `module.x` or `module.x.output`, `data.t.n`, `type.name`)
 * inside the `${…}` interpolations of one string.
 */
export function findTerraformReferences(text: string): string[] {
  const references: string[] = [];
  for (const expression of interpolations(text)) {
    // Quoted strings inside an expression are data, not references.
    const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const match of code.matchAll(/(?<![\w.-])([a-z_][a-z0-9_-]*)\.([a-z_][a-z0-9_-]*)(?:\.([a-z_][a-z0-9_-]*))?/gi)) {
      const [, head = '', second = '', third] = match;
      if (builtInObjects.has(head)) continue;
      if (head === 'var' || head === 'local') references.push(`${head}.${second}`);
      else if (head === 'module') references.push(third === undefined ? `module.${second}` : `module.${second}.${third}`);
      else if (head === 'data' && third !== undefined) references.push(`data.${second}.${third}`);
      else if (head.includes('_')) references.push(`${head}.${second}`);
    }
  }
  return references;
}

function interpolations(text: string): string[] {
  const found: string[] = [];
  let start = text.indexOf('${');
  while (start !== -1) {
    let depth = 1;
    let index = start + 2;
    for (; index < text.length && depth > 0; index += 1) {
      if (text[index] === '{') depth += 1;
      else if (text[index] === '}') depth -= 1;
    }
    found.push(text.slice(start + 2, index - 1));
    start = text.indexOf('${', index);
  }
  return found;
}
