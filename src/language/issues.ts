/**
 * Problems found in an agreement file, as data first (code, path, position) with the wording kept
 * apart, so the CLI, the server and editors can all render them their own way.
 */
import { pathString } from '../common/yaml-source.js';

export type IssueCode =
  | 'yaml-syntax'
  | 'invalid-type'
  | 'invalid-value'
  | 'missing-field'
  | 'unknown-field'
  | 'unknown-reference'
  | 'duplicate-id'
  | 'invalid-period';

export interface LanguageIssue {
  file: string;
  /** 1-based line and column of the offending node (or of its parent when the field is missing). */
  line: number;
  column: number;
  /** Dotted path to the field, e.g. `commitments[2].params.place`. */
  field: string;
  code: IssueCode;
  message: string;
  /** What would have been accepted, when that can be said briefly. */
  expected?: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return pathString(path) || '(root)';
}

export function formatIssue(i: LanguageIssue): string {
  const expected = i.expected ? ` (expected ${i.expected})` : '';
  return `${i.file}:${i.line}:${i.column}: ${i.field}: ${i.message}${expected} [${i.code}]`;
}

/** Thrown where a caller needs a loaded agreement and the file has problems. */
export class AgreementError extends Error {
  constructor(readonly issues: LanguageIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'AgreementError';
  }
}
