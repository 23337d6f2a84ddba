/**
 * Reading an agreement file: YAML with source positions, schema validation, and reference checks,
 * reporting every problem in one pass with file:line:column.
 */
import { readFileSync } from 'node:fs';
import { parseYamlSource, SourceError, type YamlSource } from '../common/yaml-source.js';
import type { z } from 'zod';
import { formatPath, type IssueCode, type LanguageIssue } from './issues.js';
import { agreementSchema, type AgreementDecl, type ParamsSchemas } from './schema.js';
import { checkReferences } from './references.js';

export interface ParseResult {
  agreement?: AgreementDecl;
  issues: LanguageIssue[];
}

/** Issues at their place in the file, built on the shared YAML source locator. */
export class SourceLocator {
  constructor(private readonly src: YamlSource) {}

  issue(path: readonly PropertyKey[], code: IssueCode, message: string, expected?: string, keyOf?: string): LanguageIssue {
    const { line, column } = keyOf !== undefined ? this.src.locateKey(path, keyOf) : this.src.locate(path);
    const field = formatPath(keyOf !== undefined ? [...path, keyOf] : path);
    return { file: this.src.source, line, column, field, code, message, ...(expected ? { expected } : {}) };
  }
}

/** Turns a zod issue into ours: the same problem, at its place in the file, in plain words. */
function fromZod(loc: SourceLocator, issue: z.core.$ZodIssue, data: unknown): LanguageIssue[] {
  const path = issue.path;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => loc.issue(path, 'unknown-field', `unknown field "${k}"`, 'only the fields the schema lists', k));
    case 'invalid_type': {
      const present = valueAt(data, path) !== undefined;
      if (!present) return [loc.issue(path, 'missing-field', 'required field is missing', issue.expected)];
      return [loc.issue(path, 'invalid-type', `${describe(valueAt(data, path))} is not ${article(issue.expected)}`, issue.expected)];
    }
    case 'invalid_union': {
      // A discriminated union whose discriminator is wrong: say which values would do.
      const note = (issue as { note?: string }).note;
      const options = (issue as { options?: unknown[] }).options;
      if (note === 'No matching discriminator') {
        const disc = (issue as { discriminator?: string }).discriminator ?? 'kind';
        // zod puts the discriminator itself at the end of the path; older versions did not.
        const discPath = path[path.length - 1] === disc ? path.slice(0, -1) : path;
        const got = valueAt(data, [...discPath, disc]);
        const allowed = options?.map(String).join(', ');
        if (got === undefined) return [loc.issue(discPath, 'missing-field', `required field "${disc}" is missing`, allowed ? `one of ${allowed}` : undefined)];
        return [loc.issue([...discPath, disc], 'invalid-value', `"${String(got)}" is not a known ${disc}`, allowed ? `one of ${allowed}` : undefined)];
      }
      // Plain unions (number or "$param", string or citation object): report the closest branch.
      const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
      const best = branches.slice().sort((a, b) => depth(b) - depth(a))[0];
      if (best && best.length && depth(best) > path.length) return best.flatMap((i) => fromZod(loc, { ...i, path: [...path, ...i.path] } as z.core.$ZodIssue, data));
      const expected = branches.map((b) => b[0]?.code === 'invalid_type' ? (b[0] as { expected: string }).expected : b[0]?.message).filter(Boolean).join(' or ');
      return [loc.issue(path, 'invalid-value', `${describe(valueAt(data, path))} is not accepted here`, expected || undefined)];
    }
    case 'invalid_value':
      return [loc.issue(path, 'invalid-value', `${describe(valueAt(data, path))} is not allowed`, `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`)];
    case 'invalid_format': {
      const formats: Record<string, string> = { date: 'a date, YYYY-MM-DD', datetime: 'an ISO 8601 date-time with an offset, e.g. 2021-06-23T09:00:00Z', regex: issue.message.replace(/^Invalid string: /, '') };
      return [loc.issue(path, 'invalid-value', `${describe(valueAt(data, path))} is not a valid ${issue.format}`, formats[issue.format] ?? issue.format)];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const op = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const what = issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'characters' : '';
      return [loc.issue(path, 'invalid-value', `${describe(valueAt(data, path))} is too ${issue.code === 'too_small' ? 'small' : 'big'}`, `${what ? `${what} ` : ''}${op} ${String(bound)}`)];
    }
    default:
      return [loc.issue(path, 'invalid-value', issue.message)];
  }
}

function depth(issues: z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Parses and checks agreement text. Never throws for problems in the text: they come back as issues. */
export function parseAgreementText(text: string, file: string, kinds: ParamsSchemas): ParseResult {
  let src: YamlSource;
  try {
    src = parseYamlSource(text, file);
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    return { issues: e.issues.map((i) => ({ file, line: i.line, column: i.column, field: '(yaml)', code: 'yaml-syntax' as const, message: i.message.replace(/ at line \d+, column \d+:?$/, '') })) };
  }
  const issues: LanguageIssue[] = [];
  const data: unknown = src.doc.toJS();
  const loc = new SourceLocator(src);
  const result = agreementSchema(kinds).safeParse(data);
  if (!result.success) {
    for (const zi of result.error.issues) issues.push(...fromZod(loc, zi, data));
  }
  issues.push(...checkOverrideParams(data, loc, kinds));
  // Reference checks run on whatever parsed, so a file with a schema slip still gets every unknown
  // party, place and class reported in the same run.
  issues.push(...checkReferences(data, loc));
  const unique = dedupe(issues).sort((a, b) => a.line - b.line || a.column - b.column);
  if (unique.length) return { issues: unique };
  return { agreement: result.data as AgreementDecl, issues: [] };
}

/**
 * A reading's `params` merged over the commitment's must still be valid params of its kind; a
 * problem is reported at the reading's own field where it gave one, else at its `params`.
 */
function checkOverrideParams(data: unknown, loc: SourceLocator, kinds: ParamsSchemas): LanguageIssue[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(data) || !Array.isArray(data.commitments)) return [];
  const issues: LanguageIssue[] = [];
  data.commitments.forEach((c: unknown, i) => {
    if (!isObj(c) || !isObj(c.interpretations) || typeof c.kind !== 'string' || !kinds[c.kind] || !isObj(c.params)) return;
    for (const [r, o] of Object.entries(c.interpretations)) {
      if (!isObj(o) || !isObj(o.params)) continue;
      const own = o.params;
      const result = kinds[c.kind]!.safeParse({ ...c.params, ...own });
      if (result.success) continue;
      const at = ['commitments', i, 'interpretations', r, 'params'];
      for (const zi of result.error.issues) {
        const first = zi.path[0];
        const path = typeof first === 'string' && first in own ? [...at, ...zi.path] : at;
        issues.push(...fromZod(loc, { ...zi, path } as z.core.$ZodIssue, data));
      }
    }
  });
  return issues;
}

function dedupe(issues: LanguageIssue[]): LanguageIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.column}:${i.field}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function parseAgreementFile(path: string, kinds: ParamsSchemas): ParseResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { issues: [{ file: path, line: 1, column: 1, field: '(file)', code: 'yaml-syntax', message: `cannot read file: ${(e as Error).message}` }] };
  }
  return parseAgreementText(text, path, kinds);
}
