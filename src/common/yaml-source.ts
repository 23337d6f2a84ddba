/**
 * YAML (and JSON, which YAML 1.2 reads too) with source positions, validated by zod, with every
 * problem reported as `file:line:column: path: message`.
 *
 * Problems are data first (`SourceIssue`), text second, so a CLI, an editor integration or the HTTP
 * API can each present them their own way.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';

export interface SourceIssue {
  source: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The field, as a path from the document root, e.g. `assets[2].weaponRangeKm`. */
  path: string;
  /** `yaml` for syntax errors, else the zod issue code or one of this module's own. */
  code: string;
  message: string;
}

export function formatIssue(i: SourceIssue): string {
  return `${i.source}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

export class SourceError extends Error {
  constructor(readonly issues: SourceIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'SourceError';
  }
}

export function pathString(path: ReadonlyArray<PropertyKey>): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s;
}

export interface YamlSource {
  source: string;
  doc: Document.Parsed;
  /** Position of the node at `path`, or of its nearest ancestor that exists. */
  locate(path: ReadonlyArray<PropertyKey>): { line: number; column: number };
  /** Position of the key `key` inside the mapping at `path` (for unknown or misspelt keys). */
  locateKey(path: ReadonlyArray<PropertyKey>, key: string): { line: number; column: number };
  issue(path: ReadonlyArray<PropertyKey>, code: string, message: string): SourceIssue;
}

/** Parses YAML; throws a `SourceError` with every syntax error (duplicate keys included). */
export function parseYamlSource(text: string, source: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new SourceError(
      doc.errors.map((e) => {
        const p = lineCounter.linePos(e.pos[0]);
        return { source, line: p.line, column: p.col, path: '', code: 'yaml', message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const nodeAt = (path: ReadonlyArray<PropertyKey>): Node | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
      if (node && typeof node === 'object' && 'range' in node) return node as Node;
    }
    return undefined;
  };
  const locate = (path: ReadonlyArray<PropertyKey>) => at(nodeAt(path)?.range?.[0] ?? 0);
  const locateKey = (path: ReadonlyArray<PropertyKey>, key: string) => {
    const node = nodeAt(path);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isPair(pair) && isScalar(pair.key) && pair.key.value === key && pair.key.range) return at(pair.key.range[0]);
      }
    }
    return at(node?.range?.[0] ?? 0);
  };
  return {
    source,
    doc,
    locate,
    locateKey,
    issue: (path, code, message) => ({ source, ...locate(path), path: pathString(path), code, message }),
  };
}

/** Turns zod issues into positioned issues. An unknown key points at the key itself. */
export function zodIssues(src: YamlSource, error: z.ZodError, basePath: ReadonlyArray<PropertyKey> = []): SourceIssue[] {
  const out: SourceIssue[] = [];
  for (const iss of error.issues) {
    const path = [...basePath, ...iss.path];
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) {
        out.push({ source: src.source, ...src.locateKey(path, key), path: pathString([...path, key]), code: iss.code, message: 'unknown field (misspelt?)' });
      }
    } else {
      out.push(src.issue(path, iss.code, iss.message));
    }
  }
  return out;
}
