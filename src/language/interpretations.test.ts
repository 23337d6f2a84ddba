import { describe, expect, it } from 'vitest';
import { kindParamSchemas } from '../verify/kinds/registry.js';
import { Agreement, AS_WRITTEN, formatIssue, parseAgreementFile, parseAgreementText, type LanguageIssue } from './index.js';

const kinds = kindParamSchemas();

/** A small agreement with readings: `commitment` lines go into the first commitment, `second` after it, `top` at the top level. */
function text(o: { top?: string; commitment?: string; second?: string } = {}): string {
  return [
    'redline: 1',
    'id: readings',
    'title: Readings',
    'source: test',
    'parties:',
    '  - { id: RUS, kind: state, name: Russian Federation }',
    '  - { id: UKR, kind: state, name: Ukraine }',
    'interpretations:',
    '  - { id: rus, party: RUS, title: Russia reads it so, source: test }',
    '  - { id: ukr, party: UKR, title: Ukraine reads it so, source: test }',
    'conditions:',
    '  - { id: relief, title: Sanctions relief, source: test }',
    ...(o.top ? [o.top] : []),
    'places:',
    '  - { id: sea, kind: sea, sea: black }',
    'commitments:',
    '  - id: c1',
    '    kind: no-attack',
    '    title: t',
    '    article: a',
    '    text: t',
    '    source: s',
    '    obligor: RUS',
    ...(o.commitment ? [o.commitment] : []),
    '    params: { targets: [merchant-vessel], place: sea }',
    ...(o.second ? [o.second] : []),
  ].join('\n');
}

const lineOf = (t: string, needle: string) => t.split('\n').findIndex((l) => l.includes(needle)) + 1;

function issuesOf(t: string): LanguageIssue[] {
  const r = parseAgreementText(t, 'readings.yaml', kinds);
  expect(r.agreement).toBeUndefined();
  return r.issues;
}

describe('interpretations in the agreement language', () => {
  it('reads readings, conditions, overrides and reading-only commitments', () => {
    const t = text({
      commitment: '    interpretations:\n      rus: { inForceWhen: [relief], note: in force only after relief }',
      second: '  - { id: c2, kind: keep-out, title: t, article: a, text: t, source: s, obligor: RUS, onlyUnder: [ukr], params: { places: [sea], classes: [w] } }\nassetClasses:\n  - { id: w, name: Warships }',
    });
    const r = parseAgreementText(t, 'readings.yaml', kinds);
    expect(r.issues.map(formatIssue)).toEqual([]);
    const a = new Agreement(r.agreement!, 'readings.yaml');
    expect(a.readings()).toEqual([AS_WRITTEN, 'rus', 'ukr']);
    expect(a.commitmentsUnder(AS_WRITTEN).map((c) => c.id)).toEqual(['c1']);
    expect(a.commitmentsUnder('rus').map((c) => c.id)).toEqual(['c1']);
    expect(a.commitmentsUnder('ukr').map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(a.override(a.commitment('c1')!, 'rus')?.inForceWhen).toEqual(['relief']);
    expect(a.override(a.commitment('c1')!, AS_WRITTEN)).toBeUndefined();
  });

  it('accepts the Black Sea file with its three readings and the not-agreed dividing line', () => {
    const r = parseAgreementFile('agreements/black-sea-2025-03.yaml', kinds);
    expect(r.issues.map(formatIssue)).toEqual([]);
    const a = new Agreement(r.agreement!, 'agreements/black-sea-2025-03.yaml');
    expect(a.readings()).toEqual([AS_WRITTEN, 'rus-kremlin', 'ukr-umerov']);
    expect(a.interpretation(AS_WRITTEN)?.party).toBe('USA');
    expect(a.commitmentsUnder('ukr-umerov').map((c) => c.id)).toContain('black-sea-rus-warships-east');
    expect(a.commitmentsUnder(AS_WRITTEN).map((c) => c.id)).not.toContain('black-sea-rus-warships-east');
    for (const p of ['blackSeaLineNorthLon', 'blackSeaLineNorthLat', 'blackSeaLineSouthLon', 'blackSeaLineSouthLat']) expect(a.number(`$${p}`)).toMatchObject({ agreed: false, parameter: p });
  });

  it('reports an override for an undeclared reading at its key, with the readings that would do', () => {
    const t = text({ commitment: '    interpretations:\n      kremlin: { inForceWhen: [relief] }' });
    const [i] = issuesOf(t);
    expect(i).toMatchObject({ file: 'readings.yaml', line: lineOf(t, 'kremlin:'), column: 7, field: 'commitments[0].interpretations.kremlin', code: 'unknown-reference', expected: 'one of: rus, ukr' });
  });

  it('reports a reading of a party the agreement does not declare', () => {
    const t = text().replace('{ id: ukr, party: UKR', '{ id: ukr, party: USA');
    const [i] = issuesOf(t);
    expect(i).toMatchObject({ line: lineOf(t, 'id: ukr, party: USA'), field: 'interpretations[1].party', code: 'unknown-reference' });
    expect(i!.message).toBe('party "USA" is not declared');
  });

  it('reports an undeclared condition, an undeclared or as-written onlyUnder, and an override of the text itself', () => {
    const t = text({
      commitment: '    onlyUnder: [rus, nobody, as-written]\n    interpretations:\n      rus: { inForceWhen: [relief, ceasefire] }\n      as-written: { note: x }\n      ukr: { note: y }',
    });
    const issues = issuesOf(t);
    const at = (field: string) => issues.find((i) => i.field === field);
    expect(at('commitments[0].interpretations.rus.inForceWhen[1]')).toMatchObject({ code: 'unknown-reference', line: lineOf(t, 'ceasefire'), message: 'condition "ceasefire" is not declared' });
    expect(at('commitments[0].onlyUnder[1]')).toMatchObject({ code: 'unknown-reference', message: 'interpretation "nobody" is not declared' });
    expect(at('commitments[0].onlyUnder[2]')?.code).toBe('invalid-value');
    expect(at('commitments[0].interpretations.as-written')).toMatchObject({ code: 'invalid-value', line: lineOf(t, 'as-written: { note') });
    // ukr is declared, but the commitment is held only by rus (and the bad entries), so ukr cannot override it.
    expect(at('commitments[0].interpretations.ukr')?.message).toMatch(/does not hold this commitment/);
    for (const i of issues) expect(formatIssue(i)).toMatch(/^readings\.yaml:\d+:\d+: commitments\[0\]\./);
  });

  it("checks a reading's own params against the commitment's kind and the declared places", () => {
    const good = text({ commitment: '    interpretations:\n      ukr: { params: { targets: [merchant-vessel, port] } }' });
    const r = parseAgreementText(good, 'readings.yaml', kinds);
    expect(r.issues.map(formatIssue)).toEqual([]);
    const a = new Agreement(r.agreement!, 'readings.yaml');
    expect(a.paramsUnder(a.commitment('c1')!, 'ukr')).toEqual({ targets: ['merchant-vessel', 'port'], place: 'sea' });
    expect(a.paramsUnder(a.commitment('c1')!, AS_WRITTEN)).toEqual({ targets: ['merchant-vessel'], place: 'sea' });
    const bad = text({ commitment: '    interpretations:\n      ukr: { params: { place: azov, targets: [] } }\n      rus: { params: { colour: red } }' });
    const issues = issuesOf(bad);
    const at = (field: string) => issues.find((i) => i.field === field);
    expect(at('commitments[0].interpretations.ukr.params.place')).toMatchObject({ code: 'unknown-reference', line: lineOf(bad, 'azov'), message: 'place "azov" is not declared' });
    expect(at('commitments[0].interpretations.ukr.params.targets')).toMatchObject({ code: 'invalid-value', line: lineOf(bad, 'azov') });
    expect(at('commitments[0].interpretations.rus.params.colour')).toMatchObject({ code: 'unknown-field', line: lineOf(bad, 'colour') });
  });

  it('reports duplicate readings, unknown fields in a reading and undeclared parameters in custom geometry', () => {
    const t = text({ top: 'parameters:\n  lon: { value: 33, agreed: false }' })
      .replace('{ id: ukr, party: UKR, title: Ukraine reads it so, source: test }', '{ id: rus, party: UKR, title: Ukraine reads it so, source: test, colour: red }')
      .replace('  - { id: sea, kind: sea, sea: black }', '  - { id: sea, kind: sea, sea: black }\n  - { id: zone, kind: custom, geometry: { type: Polygon, coordinates: [[[27, 41], [$lon, 41], [$lat, 46], [27, 41]]] } }');
    const issues = issuesOf(t);
    const line = lineOf(t, 'colour: red');
    expect(issuesOf(text().replace('{ id: ukr,', '{ id: all,')).find((i) => i.field === 'interpretations[1].id')).toMatchObject({ code: 'invalid-value', line: lineOf(t, 'colour: red') });
    expect(issues.some((i) => i.line === line && i.code === 'duplicate-id' && i.field === 'interpretations[1].id')).toBe(true);
    expect(issues.some((i) => i.line === line && i.code === 'unknown-field' && i.field === 'interpretations[1].colour')).toBe(true);
    const param = issues.find((i) => i.field === 'places[1].geometry.coordinates[0][2][0]');
    expect(param).toMatchObject({ code: 'unknown-reference', line: lineOf(t, 'kind: custom'), message: 'parameter "lat" is not declared under parameters' });
  });
});
