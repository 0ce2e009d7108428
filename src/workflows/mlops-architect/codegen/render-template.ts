/**
 * A deliberately tiny template language, so templates stay readable files and no template library
 * is needed at run time:
 * - `[[path]]` inserts a value as it is, `[[json path]]` as a JSON string (also valid YAML),
 *   `[[hcl path]]` as a quoted HCL string with `${` and `%{` escaped;
 * - `[[#each path]]…[[/each]]` repeats for every item (`this`, `@index`, `@first`, `@last` inside);
 * - `[[#if path]]…[[/if]]` and `[[#unless path]]…[[/unless]]` keep or drop a section.
 * Square brackets, because `{{ }}` is already taken by GitHub Actions and Prometheus alert text.
 * An unknown name throws: a typo in a template must fail a test, not ship an empty string.
 */
import { escapeHclString } from './escape-hcl-string.js';

type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'value'; path: string; format: 'raw' | 'json' | 'hcl' }
  | { kind: 'section'; block: 'each' | 'if' | 'unless'; path: string; children: TemplateNode[] };

type Scope = readonly Record<string, unknown>[];

const tagPattern = /\[\[\s*([#/]?)\s*([A-Za-z0-9_.@]+)(?:\s+([A-Za-z0-9_.@]+))?\s*\]\]/g;

/** Renders a template text against a view; throws on unknown names and unbalanced sections. */
export function renderTemplate(template: string, view: Record<string, unknown>, templateName = 'template'): string {
  return renderNodes(parseTemplate(template, templateName), [view], templateName);
}

function parseTemplate(template: string, templateName: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: { block: string; children: TemplateNode[] }[] = [{ block: 'root', children: root }];
  let cursor = 0;
  for (const match of template.matchAll(tagPattern)) {
    const [tag, marker = '', word = '', path] = match;
    let start = match.index;
    let end = start + tag.length;
    if (marker !== '') {
      // A section tag alone on its line takes its line with it, so templates can put it there.
      const lineStart = template.lastIndexOf('\n', start - 1) + 1;
      const lineEnd = template.indexOf('\n', end);
      const before = template.slice(lineStart, start);
      const after = template.slice(end, lineEnd === -1 ? template.length : lineEnd);
      if (lineStart >= cursor && before.trim() === '' && after.trim() === '') {
        start = lineStart;
        end = lineEnd === -1 ? template.length : lineEnd + 1;
      }
    }
    const current = stack[stack.length - 1]!;
    if (start > cursor) current.children.push({ kind: 'text', text: template.slice(cursor, start) });
    cursor = end;
    if (marker === '#') {
      if ((word !== 'each' && word !== 'if' && word !== 'unless') || path === undefined) throw new Error(`${templateName}: bad section tag ${tag}`);
      const section: TemplateNode = { kind: 'section', block: word, path, children: [] };
      current.children.push(section);
      stack.push({ block: word, children: section.children });
    } else if (marker === '/') {
      if (stack.length === 1 || current.block !== word) throw new Error(`${templateName}: ${tag} closes nothing open`);
      stack.pop();
    } else if (path === undefined) {
      current.children.push({ kind: 'value', path: word, format: 'raw' });
    } else {
      if (word !== 'json' && word !== 'hcl') throw new Error(`${templateName}: unknown format in ${tag}`);
      current.children.push({ kind: 'value', path, format: word });
    }
  }
  if (stack.length > 1) throw new Error(`${templateName}: [[#${stack[stack.length - 1]!.block}]] is never closed`);
  if (cursor < template.length) root.push({ kind: 'text', text: template.slice(cursor) });
  return root;
}

function renderNodes(nodes: readonly TemplateNode[], scope: Scope, templateName: string): string {
  let output = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      output += node.text;
    } else if (node.kind === 'value') {
      const value = lookUp(node.path, scope, templateName);
      output += node.format === 'json' ? JSON.stringify(value) : node.format === 'hcl' ? `"${escapeHclString(String(value))}"` : String(value);
    } else {
      const value = lookUp(node.path, scope, templateName);
      if (node.block === 'each') {
        if (!Array.isArray(value)) throw new Error(`${templateName}: ${node.path} is not a list`);
        value.forEach((item: unknown, index) => {
          const itemScope = { ...(typeof item === 'object' && item !== null ? item : {}), this: item, '@index': index, '@first': index === 0, '@last': index === value.length - 1 };
          output += renderNodes(node.children, [itemScope, ...scope], templateName);
        });
      } else if (isTruthy(value) === (node.block === 'if')) {
        output += renderNodes(node.children, scope, templateName);
      }
    }
  }
  return output;
}

function lookUp(path: string, scope: Scope, templateName: string): unknown {
  const [head = '', ...rest] = path.split('.');
  const frame = scope.find((candidate) => Object.hasOwn(candidate, head));
  if (frame === undefined) throw new Error(`${templateName}: unknown name ${path}`);
  let value: unknown = frame[head];
  for (const key of rest) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) throw new Error(`${templateName}: unknown name ${path}`);
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined) throw new Error(`${templateName}: ${path} is undefined`);
  return value;
}

function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}
