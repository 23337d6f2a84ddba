import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindParamSchemas } from '../verify/kinds/registry.js';
import { formatIssue, parseAgreementFile, parseAgreementText } from './index.js';

const kinds = kindParamSchemas();
const fixture = 'test/fixtures/bad-agreement.yaml';

/** The 1-based line of the first line containing `needle`, found in the text, not by the parser. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`fixture has no line with ${needle}`);
  return i + 1;
}

describe('agreement language', () => {
  it('accepts every bundled agreement', () => {
    for (const f of readdirSync('agreements').filter((f) => f.endsWith('.yaml'))) {
      const r = parseAgreementFile(join('agreements', f), kinds);
      expect(r.issues.map(formatIssue), f).toEqual([]);
      expect(r.agreement?.commitments.length).toBeGreaterThan(0);
    }
  });

  it('reports every problem of a malformed file in one run, each at its line', () => {
    const text = readFileSync(fixture, 'utf8');
    const { agreement, issues } = parseAgreementFile(fixture, kinds);
    expect(agreement).toBeUndefined();
    const at = (needle: string) => issues.filter((i) => i.line === lineOf(text, needle));
    const expectAt = (needle: string, field: RegExp, code: string) => {
      const found = at(needle);
      expect(found.map(formatIssue), `expected an issue on the line with "${needle}"`).not.toEqual([]);
      expect(found.some((i) => field.test(i.field) && i.code === code), `${found.map(formatIssue).join('\n')}`).toBe(true);
    };
    expectAt('# ERROR unknown view party', /^views\[1\]$/, 'unknown-reference');
    expectAt('# ERROR duplicate id', /^parties\[1\]\.id$/, 'duplicate-id');
    expectAt('# ERROR bad date', /^parties\[2\]\.members\[0\]\.from$/, 'invalid-value');
    expectAt('# ERROR not an ISO code', /^parties\[2\]\.members\[1\]\.state$/, 'unknown-reference');
    expectAt('# ERROR unknown party', /^places\[1\]\.party$/, 'unknown-reference');
    expectAt('# ERROR undeclared parameter', /^places\[2\]\.widthKm$/, 'unknown-reference');
    expectAt('# ERROR unknown field', /^commitments\[0\]\.colour$/, 'unknown-field');
    expectAt('# ERROR unknown asset class', /^commitments\[0\]\.params\.classes\[1\]$/, 'unknown-reference');
    expectAt('# ERROR unknown place', /^commitments\[0\]\.params\.region$/, 'unknown-reference');
    expectAt('# ERROR must be positive', /^commitments\[0\]\.params\.minDistanceM$/, 'invalid-value');
    expectAt('# ERROR unknown kind', /^commitments\[1\]\.kind$/, 'invalid-value');
    // A missing field is reported where its parent starts.
    const c3 = issues.find((i) => i.field === 'commitments[2].title');
    expect(c3?.code).toBe('missing-field');
    expect(c3?.line).toBe(lineOf(text, '- id: c3'));
    // Every issue names file, line and column.
    for (const i of issues) {
      expect(formatIssue(i)).toMatch(/^test\/fixtures\/bad-agreement\.yaml:\d+:\d+: \S/);
      expect(i.column).toBeGreaterThan(0);
    }
  });

  it('points at the column of the offending value', () => {
    const text = 'redline: 1\nid: x\ntitle: t\nsource: s\nparties:\n  - { id: RUS, kind: state, name: R }\ncommitments:\n  - id: c\n    kind: keep-out\n    title: t\n    article: a\n    text: t\n    source: s\n    obligor: NOPE\n    params: { places: [p], classes: [k] }\n';
    const { issues } = parseAgreementText(text, 'inline.yaml', kinds);
    const obligor = issues.find((i) => i.field === 'commitments[0].obligor');
    expect(obligor).toMatchObject({ line: 14, column: 14, code: 'unknown-reference' });
    expect(issues.find((i) => i.field === 'commitments[0].params.places[0]')).toMatchObject({ line: 15, code: 'unknown-reference' });
  });

  it('reports YAML syntax errors with their position', () => {
    const { issues } = parseAgreementText('redline: 1\nid: [unclosed\ntitle: x\n', 'syntax.yaml', kinds);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ file: 'syntax.yaml', code: 'yaml-syntax' });
    expect(issues[0]!.line).toBeGreaterThanOrEqual(2);
  });
});
