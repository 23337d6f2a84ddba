/**
 * Scenario: the March 2025 Black Sea arrangement judged under its three readings
 * (agreements/black-sea-2025-03.yaml, ../shared/facts/agreements-facts.md §7):
 * - as written (the White House readouts): no condition, no geographic trigger;
 * - rus-kremlin: in force only once sanctions on the food and fertiliser trade are lifted. The real
 *   facts (data/facts/black-sea-2025-conditions.events.yaml) say the condition was not met on
 *   25 Mar 2025 (the Kremlin readout) nor on 28 Mar 2025 (the EU), and nothing later says it was, so
 *   both Black Sea commitments are not in force under this reading from 25 Mar 2025 on;
 * - ukr-umerov: adds that Russian warships west of the line Cape Sarych - Cape Kerempe (assumed, not
 *   agreed) are a breach, a keep-out only this reading holds.
 * On the real facts alone (no report of a strike, no position of a Russian warship after 25 Mar
 * 2025) the commitment black-sea-rus is unverifiable as written and under Ukraine's reading, and not
 * in force under Russia's; Ukraine's keep-out is unverifiable for want of positions and absent from
 * the other readings. With two hypothetical observations added (a strike on a merchant vessel on
 * 2 Apr 2025 attested by the US; a Russian warship at 31.5 E, 43.5 N on 1 Apr 2025, west of the
 * assumed line, which at that latitude runs near 33.6 E), worked out by hand: black-sea-rus is a
 * breach as written and under Ukraine's reading and not in force under Russia's; the warship is a
 * breach under Ukraine's reading only; one off Novorossiysk (37.7 E, 44.6 N) is east of the line.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { parseTime } from '../src/language/index.js';
import { readEventsFile } from '../src/observations/events/reader.js';
import { emptyObservationSet, type ObservationSet } from '../src/observations/model.js';
import { check, differences, InterpretationError, loadAgreement, readingsFor, type Finding } from '../src/verify/index.js';
import { runCli } from './support/child.js';

const AGREEMENT = 'agreements/black-sea-2025-03.yaml';
const FACTS = 'data/facts/black-sea-2025-conditions.events.yaml';
const INF = 'agreements/inf-1987.yaml';
const geo = createGeo();
const agreement = loadAgreement(AGREEMENT);

function realFacts(): ObservationSet {
  const obs = emptyObservationSet();
  const summary = readEventsFile(FACTS, obs);
  expect(summary).toMatchObject({ read: 2, accepted: 2, quarantined: 0 });
  return obs;
}

/** The hypothetical observations of the header, on top of the real facts. */
function withHypotheticals(): ObservationSet {
  const obs = realFacts();
  obs.events.push({ type: 'attack', observation: 'hypothetical:1', time: parseTime('2025-04-02'), party: 'RUS', source: 'test: hypothetical report', confidence: 'verified', target: 'merchant-vessel', place: 'black-sea', attested: { by: 'USA', date: parseTime('2025-04-03') } });
  const src = obs.positions.sourceId('hypothetical-track');
  const ship = (id: string, lon: number, lat: number, line: number) => {
    obs.assets.update(id, { party: 'RUS', class: 'surface-warship', attributedBy: 'test: hypothetical' });
    obs.positions.push(obs.assets.intern(id), Date.parse('2025-04-01T10:00:00Z'), lon, lat, NaN, NaN, src, line);
  };
  ship('test:rus-warship-west', 31.5, 43.5, 1);
  ship('test:rus-warship-novorossiysk', 37.7, 44.6, 2);
  return obs;
}

const under = (fs: Finding[], commitment: string, reading: string) => fs.filter((f) => f.commitment === commitment && f.interpretation === reading);
const brief = (fs: Finding[]) => fs.map((f) => [f.view, f.verdict, f.inForce?.state ?? null, f.assets]);

describe('the March 2025 Black Sea arrangement under its three readings', () => {
  it('judges the text as written by default, and stamps every finding with its reading', () => {
    const fs = check([agreement], realFacts(), geo);
    expect(new Set(fs.map((f) => f.interpretation))).toEqual(new Set(['as-written']));
    expect(fs.map((f) => f.commitment)).not.toContain('black-sea-rus-warships-east');
    for (const f of fs) expect(f.trace[0]).toMatchObject({ step: 'interpretation', detail: expect.stringMatching(/^as written: .*other readings: rus-kremlin \(RUS\), ukr-umerov \(UKR\)$/) });
  });

  it('on the real facts: not in force under the Kremlin reading, unverifiable as written and under Ukraine\'s', () => {
    const fs = check([agreement], realFacts(), geo, { interpretations: ['all'] });
    expect(brief(under(fs, 'black-sea-rus', 'as-written'))).toEqual([['RUS', 'unverifiable', null, []]]);
    expect(brief(under(fs, 'black-sea-rus', 'ukr-umerov'))).toEqual([['RUS', 'unverifiable', null, []]]);
    const kremlin = under(fs, 'black-sea-rus', 'rus-kremlin');
    expect(brief(kremlin)).toEqual([['RUS', 'unverifiable', 'not-in-force', []]]);
    const k = kremlin[0]!;
    expect(k.id).toBe('black-sea-2025-03/black-sea-rus/RUS@rus-kremlin/1');
    expect(k.period).toEqual({ from: '2025-03-25T00:00:00.000Z', to: null });
    expect(k.evidence).toEqual([`${FACTS.split('/').pop()}:13`, `${FACTS.split('/').pop()}:20`]);
    expect(k.explanation).toMatch(/in force only once sanctions-relief-food-trade is met\. .*not met as of 2025-03-25, per RUS .*then not met as of 2025-03-28, per EU .*not in force under this reading/);
    expect(k.inForce?.conditions).toEqual([{ id: 'sanctions-relief-food-trade', state: 'not-met', asOf: '2025-03-28', observation: 'black-sea-2025-conditions.events.yaml:20' }]);
    // Ukraine's side of the Black Sea arrangement waits on the same condition under the Kremlin's reading.
    expect(brief(under(fs, 'black-sea-ukr', 'rus-kremlin'))).toEqual([['RUS', 'unverifiable', 'not-in-force', []]]);
    // The energy moratorium is not conditioned: the same under every reading.
    expect(new Set(fs.filter((f) => f.commitment === 'energy-moratorium-rus').map((f) => f.verdict))).toEqual(new Set(['unverifiable']));
    // Ukraine's keep-out: only under its reading, once per view, unverifiable without positions.
    expect(brief(under(fs, 'black-sea-rus-warships-east', 'ukr-umerov'))).toEqual([['RUS', 'unverifiable', null, []], ['UKR', 'unverifiable', null, []]]);
    expect(fs.filter((f) => f.commitment === 'black-sea-rus-warships-east' && f.interpretation !== 'ukr-umerov')).toEqual([]);

    const diffs = differences(fs, 'interpretation');
    const row = (c: string, view = 'RUS') => diffs.find((d) => d.commitment === c && d.under === view)?.outcomes.map((o) => [o.value, o.outcome]);
    expect(row('black-sea-rus')).toEqual([['as-written', '1 unverifiable'], ['rus-kremlin', '1 not in force'], ['ukr-umerov', '1 unverifiable']]);
    expect(row('black-sea-rus-warships-east', 'UKR')).toEqual([['as-written', 'not held'], ['rus-kremlin', 'not held'], ['ukr-umerov', '1 unverifiable']]);
    expect(diffs.map((d) => d.commitment)).not.toContain('energy-moratorium-rus');
  });

  it('with a hypothetical strike and warship: breach as written, not in force for Russia, two breaches for Ukraine', () => {
    const fs = check([agreement], withHypotheticals(), geo, { interpretations: ['all'] });
    expect(brief(under(fs, 'black-sea-rus', 'as-written'))).toEqual([['RUS', 'breach', null, []]]);
    expect(brief(under(fs, 'black-sea-rus', 'rus-kremlin'))).toEqual([['RUS', 'unverifiable', 'not-in-force', []]]);
    expect(brief(under(fs, 'black-sea-rus', 'ukr-umerov'))).toEqual([['RUS', 'breach', null, []]]);
    const east = under(fs, 'black-sea-rus-warships-east', 'ukr-umerov');
    expect(brief(east)).toEqual([['RUS', 'breach', null, ['test:rus-warship-west']], ['UKR', 'breach', null, ['test:rus-warship-west']]]);
    // The dividing line is an assumption, and the finding's chain says so with its source.
    const place = east[0]!.trace.find((s) => s.step === 'place')!.detail;
    expect(place).toMatch(/vertices assumed, not agreed: \$blackSeaLineSouthLon = 33\.3325 deg \(ASSUMPTION: Kerempe lighthouse/);
    expect(place).toMatch(/\$blackSeaLineNorthLon = 33\.7383 deg \(ASSUMPTION: Cape Sarych/);
    const diffs = differences(fs, 'interpretation');
    expect(diffs.find((d) => d.commitment === 'black-sea-rus')?.outcomes.map((o) => o.outcome)).toEqual(['1 breach', '1 not in force', '1 breach']);
    // Across views nothing differs: the zone has no contested land, so RUS and UKR maps agree.
    expect(differences(fs, 'view')).toEqual([]);
  });

  it('redline check --interpretation all prints the readings and what differs; JSON carries both', async () => {
    const cli = resolve('dist/src/cli/main.js');
    const base = ['check', '--agreement', AGREEMENT, '--observations', FACTS];
    const table = await runCli(cli, [...base, '--interpretation', 'all']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^verdict +commitment +view +reading +period \(UTC\)/m);
    expect(table.stdout).toMatch(/^not in force +black-sea-2025-03\/black-sea-rus +RUS +rus-kremlin +2025-03-25T00:00/m);
    expect(table.stdout).toMatch(/Findings that differ between readings:\n {2}black-sea-2025-03\/black-sea-rus \(US-Russia readout, point 1\), view RUS:\n {4}as-written: 1 unverifiable/);
    const out = join(mkdtempSync(join(tmpdir(), 'redline-readings-')), 'f.json');
    const json = await runCli(cli, [...base, '--interpretation', 'as-written', '--interpretation', 'rus-kremlin', '--format', 'json', '--out', out]);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { findings: Finding[]; differences: { commitment: string; outcomes: { value: string }[] }[] };
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('schema/findings.schema.json', 'utf8')) as object);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(new Set(doc.findings.map((f) => f.interpretation))).toEqual(new Set(['as-written', 'rus-kremlin']));
    expect(doc.differences.map((d) => d.commitment)).toEqual(['black-sea-rus', 'black-sea-ukr']);
    // Judged as written only (the default), the output is as before: no reading column, no differences.
    const plain = await runCli(cli, [...base, '--format', 'json']);
    expect(JSON.parse(plain.stdout)).not.toHaveProperty('differences');
    const unknown = await runCli(cli, [...base, '--interpretation', 'kremlin']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/interpretation "kremlin" is not declared by agreements\/black-sea-2025-03\.yaml \(known: as-written, rus-kremlin, ukr-umerov, or all\)/);
    // With an agreement that has no such reading, the run stops and names it, rather than leaving
    // that agreement out of the findings unsaid; `all` judges each under its own readings.
    const withInf = [...base, '--agreement', INF, '--interpretation', 'rus-kremlin'];
    const partial = await runCli(cli, withInf);
    expect(partial.code).toBe(2);
    expect(partial.stdout).toBe('');
    expect(partial.stderr).toMatch(/--interpretation: interpretation "rus-kremlin" is not declared by agreements\/inf-1987\.yaml \(known: as-written, or all\); only agreements\/black-sea-2025-03\.yaml declares it/);
    const all = await runCli(cli, [...base, '--agreement', INF, '--interpretation', 'all', '--format', 'json']);
    expect(all.code, all.stderr).toBe(0);
    const judged = (JSON.parse(all.stdout) as { findings: Finding[] }).findings;
    expect(new Set(judged.filter((f) => f.agreement === 'inf-1987').map((f) => f.interpretation))).toEqual(new Set(['as-written']));
    expect(new Set(judged.filter((f) => f.agreement === 'black-sea-2025-03').map((f) => f.interpretation))).toEqual(new Set(['as-written', 'rus-kremlin', 'ukr-umerov']));
  });
});

describe('readings of several agreements', () => {
  const inf = loadAgreement(INF);

  it('refuses a reading one of the agreements does not declare, naming that agreement and the reading', () => {
    expect(() => readingsFor([agreement, inf], ['ukr-umerov'])).toThrow(/^interpretation "ukr-umerov" is not declared by agreements\/inf-1987\.yaml \(known: as-written, or all\); only agreements\/black-sea-2025-03\.yaml declares it/);
    expect(() => check([agreement, inf], realFacts(), geo, { interpretations: ['as-written', 'ukr-umerov'] })).toThrow(InterpretationError);
    // As written, or all: every agreement is judged, each under the readings it has.
    expect([...readingsFor([agreement, inf], undefined).values()]).toEqual([['as-written'], ['as-written']]);
    expect([...readingsFor([agreement, inf], ['all']).values()]).toEqual([['as-written', 'rus-kremlin', 'ukr-umerov'], ['as-written']]);
  });

  it('has the text as written as a reading even where the file does not declare it', () => {
    expect(inf.interpretation('as-written')).toEqual({ id: 'as-written', title: "The text as encoded, no party's reading applied", source: inf.decl.source });
    expect(inf.interpretation('as-written')).not.toHaveProperty('party');
    // Declared, it says whose text it is.
    expect(agreement.interpretation('as-written')).toMatchObject({ party: 'USA' });
    expect(inf.interpretation('rus-kremlin')).toBeUndefined();
  });
});
