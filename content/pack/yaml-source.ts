// YAML with line numbers: parses a YAML text that starts at a known line of a
// file, and finds the line of any value by its path, so schema errors point at
// the line an author must fix.
import { parseDocument, isNode, type Document } from 'yaml';
import type { Problems } from './problems.ts';

export interface YamlSource {
  value: unknown;
  lineOf(instancePath: string): number;
}

export function parseYaml(text: string, file: string, firstLine: number, problems: Problems): YamlSource | null {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line;
      problems.add(file, line === undefined ? firstLine : firstLine + line - 1, `YAML: ${error.message.split('\n')[0]}`);
    }
    return null;
  }
  return { value: doc.toJS({ maxAliasCount: 50 }), lineOf: (path) => lineOfPath(doc, text, path, firstLine) };
}

function lineOfPath(doc: Document, text: string, instancePath: string, firstLine: number): number {
  const segments = instancePath.split('/').filter(Boolean).map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  // Walk up until a node exists: an error about a missing field points at its parent.
  for (let length = segments.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(segments.slice(0, length), true);
    if (isNode(node) && node.range) {
      return firstLine + text.slice(0, node.range[0]).split('\n').length - 1;
    }
  }
  return firstLine;
}
