/**
 * The `redline` command end to end, as a user runs it: the built CLI in a child process, on the
 * bundled demo data and the real recorded AIS in ../shared/data.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runChild, runCli } from './support/child.js';

const cli = resolve('dist/src/cli/main.js');
const shared = resolve('../shared/data');
const realAis = join(shared, 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz');
const nato = 'agreements/russia-nato-draft-2021-12-17.yaml';
const us = 'agreements/russia-us-draft-2021-12-17.yaml';
const demoFiles = ['hms-defender-2021-06-23', 'donald-cook-2016-04-12', 'donald-cook-2014-04-12-black-sea', 'mq9-2023-03-14'].map((f) => `data/demo/${f}.geojson`);

const run = (args: string[]) => runCli(cli, args);

interface JsonFinding {
  id: string;
  commitment: string;
  verdict: string;
  view: string;
  assets: string[];
  evidence: string[];
  measures: { name: string; value: number | null }[];
}

describe('redline CLI', () => {
  it('is installed as an executable `redline` command', async () => {
    // What the README tells a new user to type: npx finds the package's own `bin`.
    const r = await runChild('npx', ['--offline', 'redline', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: redline <command>/);
  });

  it('validates the bundled agreements and exits 0', async () => {
    const r = await run(['validate', nato, us]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/russia-nato-draft-2021-12-17\.yaml: ok/);
  });

  it('reports every problem of a malformed agreement with file:line:column and exits 1', async () => {
    const r = await run(['validate', 'test/fixtures/bad-agreement.yaml']);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => /^test\/fixtures\/bad-agreement\.yaml:\d+:\d+: /.test(l));
    const marked = readFileSync('test/fixtures/bad-agreement.yaml', 'utf8').split('\n').filter((l) => l.includes('# ERROR')).length;
    expect(lines.length).toBeGreaterThanOrEqual(marked);
    expect(r.stderr).toMatch(/\d+ problem\(s\) found/);
  });

  it('refuses bad usage with exit 2 and a message', async () => {
    const r = await run(['check', '--agreement', nato]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--observations/);
    expect((await run(['check', '--agreement', nato, '--observations', 'nope.geojson'])).code).toBe(1);
    const badView = await run(['check', '--agreement', nato, '--observations', 'data/demo/hms-defender-2021-06-23.geojson', '--view', 'XYZ']);
    expect(badView.code).toBe(1);
    expect(badView.stderr).toMatch(/view "XYZ" does not assign the contested area "crimea"/);
    expect(badView.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes JSON that validates against schema/findings.schema.json, byte-identical on a second run', async () => {
    const args = ['check', '--agreement', nato, '--agreement', us, '--observations', ...demoFiles, '--observations', realAis, '--registry', 'data/demo/registry.yaml', '--format', 'json'];
    const a = await run(args);
    expect(a.code, a.stderr).toBe(0);
    const doc = JSON.parse(a.stdout) as { findings: JsonFinding[] };
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('schema/findings.schema.json', 'utf8')) as object);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(doc.findings.length).toBeGreaterThan(10);
    expect(new Set(doc.findings.map((f) => f.verdict))).toEqual(new Set(['breach', 'compliant', 'unverifiable']));
    const b = await run(args);
    expect(b.stdout).toBe(a.stdout);
  });

  it('judges HMS Defender off Crimea differently under the Russian and the Ukrainian view', async () => {
    const r = await run(['check', '--agreement', nato, '--observations', 'data/demo/hms-defender-2021-06-23.geojson', '--registry', 'data/demo/registry.yaml', '--view', 'RUS', '--view', 'UKR', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const art7 = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.commitment === 'art7-no-military-activity-ukraine');
    const byView = Object.fromEntries(art7.map((f) => [f.view, f]));
    expect(byView.UKR?.verdict).toBe('breach');
    expect(byView.UKR?.assets).toEqual(['demo:hms-defender']);
    expect(byView.RUS?.verdict).toBe('compliant');
    // The reconstruction puts the ship about 3 km inside the 12-nmi line (data/demo/README.md).
    const depth = byView.UKR!.measures.find((m) => m.name === 'deepest entry into the place')!.value!;
    expect(depth).toBeGreaterThan(2500);
    expect(depth).toBeLessThan(3500);
  });

  it('quarantines a malformed NMEA line and a bad GeoJSON feature, counts them, and evaluates the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redline-cli-'));
    const real = readFileSync(join(shared, 'dma-aislib-replay_dump_2013-03-18.nmea'), 'utf8').split('\n').filter(Boolean);
    const sentence = real.findIndex((l) => l.startsWith('!'));
    const broken = real[sentence]!.replace(/\*([0-9A-F]{2})/, (_m, h: string) => `*${h === '00' ? '01' : '00'}`);
    const nmea = join(dir, 'mixed.nmea');
    writeFileSync(nmea, [...real.slice(0, sentence), broken, ...real.slice(sentence + 1)].join('\n') + '\n');
    const gj = JSON.parse(readFileSync('data/demo/hms-defender-2021-06-23.geojson', 'utf8')) as { features: { properties: { times?: unknown[] } }[] };
    gj.features[1]!.properties.times = ['not a time'];
    const geojson = join(dir, 'mixed.geojson');
    writeFileSync(geojson, JSON.stringify(gj, null, 1));
    const qfile = join(dir, 'quarantine.jsonl');
    const r = await run(['check', '--agreement', nato, '--observations', nmea, '--observations', geojson, '--registry', 'data/demo/registry.yaml', '--view', 'UKR', '--quarantine', qfile]);
    expect(r.code, r.stderr).toBe(0);
    const nmeaLine = r.stderr.split('\n').find((l) => l.startsWith('read mixed.nmea'))!;
    const [, read, accepted, quarantined] = /: (\d+) records = (\d+) accepted \+ (\d+) quarantined/.exec(nmeaLine)!.map(Number);
    expect(quarantined).toBe(1);
    expect(read).toBe(accepted! + quarantined!);
    expect(nmeaLine).toMatch(/bad-checksum 1/);
    const gjLine = r.stderr.split('\n').find((l) => l.startsWith('read mixed.geojson'))!;
    expect(gjLine).toMatch(/4 records = 3 accepted \+ 1 quarantined/);
    const records = readFileSync(qfile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { source: string; line: number; code: string; reason: string });
    expect(records.map((q) => [q.source, q.code])).toEqual([['mixed.nmea', 'bad-checksum'], ['mixed.geojson', expect.any(String)]]);
    expect(records[0]!.line).toBe(sentence + 1);
    expect(records[1]!.reason).toMatch(/times/);
    // The remaining HMS Defender track is still judged.
    expect(r.stdout).toMatch(/BREACH +russia-nato-draft-2021\/art7-no-military-activity-ukraine +UKR/);
  });

  it('explains each finding: places, observations, figures, limit, and how close a compliant one came', async () => {
    const r = await run(['check', '--agreement', nato, '--observations', 'data/demo/hms-defender-2021-06-23.geojson', '--registry', 'data/demo/registry.yaml', '--view', 'RUS', '--explain']);
    expect(r.code, r.stderr).toBe(0);
    const block = r.stdout.split('\n\n').find((b) => b.includes('art7-no-military-activity-ukraine/') && b.includes('COMPLIANT'))!;
    expect(block).toMatch(/- place: art7-territory/);
    expect(block).toMatch(/- observations: \d+ fixes/);
    expect(block).toMatch(/- figure: the closest any of them came was (at least )?[\d.]+ km from the boundary/);
    expect(block).toMatch(/- limit: no fix inside the place/);
  });

  it('judges only the window given by --from and --to', async () => {
    const base = ['check', '--agreement', nato, '--observations', 'data/demo/donald-cook-2016-04-12.geojson', '--registry', 'data/demo/registry.yaml', '--view', 'RUS', '--format', 'json'];
    const all = (JSON.parse((await run(base)).stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.verdict === 'breach');
    const day2 = (JSON.parse((await run([...base, '--from', '2016-04-12', '--to', '2016-04-12T23:59:59Z'])).stdout) as { findings: (JsonFinding & { period: { from: string } })[] }).findings.filter((f) => f.verdict === 'breach');
    expect(all.length).toBeGreaterThan(day2.length);
    expect(day2.length).toBeGreaterThan(0);
    for (const f of day2) expect(f.period.from.startsWith('2016-04-12')).toBe(true);
    expect((await run([...base, '--from', 'yesterday'])).code).toBe(2);
  });

  it('checks agreement files against the written-out agreement schema too (what editors use)', async () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('schema/agreement.schema.json', 'utf8')) as object);
    for (const f of [nato, us]) {
      const doc = parseYaml(readFileSync(f, 'utf8')) as object;
      expect(validate(doc), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
    const broken = parseYaml(readFileSync('test/fixtures/bad-agreement.yaml', 'utf8')) as object;
    expect(validate(broken)).toBe(false);
  });

  it('writes the places of an agreement under a view as GeoJSON for the map', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'redline-places-')), 'places.geojson');
    const r = await run(['places', '--agreement', nato, '--view', 'UKR', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const gj = JSON.parse(readFileSync(out, 'utf8')) as { features: { id: string; geometry: { type: string; coordinates: number[][][][] }; properties: { view: string; kind: string } }[] };
    expect(gj.features.map((f) => f.id)).toEqual(['baltic-sea', 'black-sea', 'art7-territory', 'art7-territorial-sea', 'after-1997-territory', 'rus-territory', 'nato-territory', 'art7-border-zone'].map((p) => `russia-nato-draft-2021/${p}/UKR`));
    for (const f of gj.features) {
      expect(f.geometry.type).toBe('MultiPolygon');
      expect(f.geometry.coordinates.length).toBeGreaterThan(0);
      expect(f.properties.view).toBe('UKR');
    }
  });

  it('keeps the JSON Schemas in schema/ in step with the code', async () => {
    const r = await run(['schema']);
    const generated = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const [name, schema] of Object.entries(generated)) {
      expect(JSON.parse(readFileSync(join('schema', name), 'utf8')), `schema/${name} is stale: run npx redline schema --write schema`).toEqual(schema);
    }
  });

  it('runs the demo on the bundled scenario and the real AIS, and writes GeoJSON', async () => {
    const out = mkdtempSync(join(tmpdir(), 'redline-demo-'));
    const r = await run(['demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/== demo scenario: 5 file\(s\)/);
    expect(r.stdout).toMatch(/== real AIS: \d+ file\(s\)/);
    expect(r.stdout).toMatch(/Contains AIS data from the Danish Maritime Authority/);
    const gj = JSON.parse(readFileSync(join(out, 'findings.geojson'), 'utf8')) as { type: string; features: { geometry: unknown; properties: { verdict: string } }[] };
    expect(gj.type).toBe('FeatureCollection');
    expect(gj.features.some((f) => f.properties.verdict === 'breach' && f.geometry !== null)).toBe(true);
  });
});
