import { readFileSync } from 'node:fs';

/** The mermaid block under `## heading` in docs/architecture.md. */
function readDiagram(heading: string): string {
  const markdown = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
  const section = markdown.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  const diagram = section === undefined ? undefined : /```mermaid\n([\s\S]*?)```/.exec(section)?.[1];
  if (diagram === undefined) {
    throw new Error(`docs/architecture.md has no mermaid diagram under "## ${heading}"`);
  }
  return diagram;
}

/** The `from -> to` edges of the flowchart under `heading`: `-->` plain, `-.->` conditional. */
export function readDiagramEdges(heading: string): { from: string; to: string; conditional: boolean }[] {
  return readDiagram(heading)
    .split('\n')
    .map((line) => /^\s*(\S+)\s+(-->|-\.->)\s+(\S+)\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ from: match[1] ?? '', to: match[3] ?? '', conditional: match[2] === '-.->' }));
}

/** The `from --> to: on` lines of the mermaid block under `heading` in docs/architecture.md. */
export function readDiagramTransitions(heading: string): { from: string; to: string; on: string }[] {
  return readDiagram(heading)
    .split('\n')
    .map((line) => /^\s*(\S+)\s+-->\s+(\S+?)\s*:\s*(.+?)\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && match[1] !== '[*]')
    .map((match) => ({ from: match[1] ?? '', to: match[2] ?? '', on: match[3] ?? '' }));
}
