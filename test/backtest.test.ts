/**
 * What-if backtests on the real AIS in ../shared/data: the four DMA recordings, with the test
 * scenario that makes some real Russian-flagged merchants and FGS ALSTER opposing "warships"
 * (test/fixtures/watch-baltic-*.yaml; not an encoded agreement). Sweeping the separation distance
 * must only ever add breaches (a wider limit turns no compliant pass into a breach-free one), and
 * each swept value must give what a plain `check` of the draft edited to that value gives.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { parseSweep, sweep, tally, type SweepResult } from '../src/negotiate/backtest.js';
import type { ObservationSet } from '../src/observations/model.js';
import { check, loadAgreement } from '../src/verify/index.js';
import { readObservations } from '../src/cli/observations.js';
import { runCli } from './support/child.js';

const draftFile = 'test/fixtures/watch-baltic-agreement.yaml';
const registries = ['data/demo/registry.yaml', 'test/fixtures/watch-baltic-registry.yaml'];
const ais = ['dma-aisabnormal-ais-sample_2013-11-12.nmea.gz', 'dma-aislib-stream_example_2010-06-11.nmea', 'dma-aisabnormal-538004030_drift_1.nmea', 'dma-aislib-replay_dump_2013-03-18.nmea'].map((f) => join('../shared/data', f));
const geo = createGeo();
const dir = mkdtempSync(join(tmpdir(), 'redline-backtest-'));
let obs: ObservationSet;
let result: SweepResult;
beforeAll(async () => {
  obs = await readObservations(ais, registries);
  result = sweep(loadAgreement(draftFile), parseSweep('approach-distance.minDistanceM=10000..150000/10000'), obs, geo);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backtest sweeps', () => {
  it('parse LOW..HIGH/STEP exactly, refusing what is not a range', () => {
    expect(parseSweep('a.b=0.1..0.5/0.1').values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(() => parseSweep('a.b=5..1/1')).toThrow(/upwards/);
    expect(() => parseSweep('a=1..2/1')).toThrow(/COMMITMENT\.PARAM/);
  });

  it('give breach counts that only grow as the approach distance grows, on the real AIS', () => {
    expect(result.points.map((p) => p.value)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150].map((k) => k * 1000));
    expect(result.parties).toEqual(['NATO', 'RUS']);
    for (const party of result.parties) {
      const counts = result.points.map((p) => p.byParty[party]?.breaches ?? 0);
      for (let k = 1; k < counts.length; k++) expect(counts[k], `${party} at ${result.points[k]!.value} m`).toBeGreaterThanOrEqual(counts[k - 1]!);
    }
    const minutes = result.points.map((p) => p.breachMinutes);
    for (let k = 1; k < minutes.length; k++) expect(minutes[k]).toBeGreaterThanOrEqual(minutes[k - 1]!);
    // The sweep crosses real encounters: none at 10 km, some by 150 km.
    expect(result.points[0]!.breaches).toBe(0);
    expect(result.points.at(-1)!.breaches).toBeGreaterThan(0);
  });

  it('match a direct check of the draft edited to the value, at two values', () => {
    const text = readFileSync(draftFile, 'utf8');
    expect(text).toMatch(/minDistanceM: 85000/);
    for (const value of [90000, 130000]) {
      const edited = join(dir, `draft-${value}.yaml`);
      writeFileSync(edited, text.replace('minDistanceM: 85000', `minDistanceM: ${value}`));
      const findings = check([loadAgreement(edited)], obs, geo).filter((f) => f.commitment === 'approach-distance');
      const direct = tally(findings)[0]!.byParty;
      const point = result.points.find((p) => p.value === value)!;
      for (const party of ['NATO', 'RUS']) expect(point.byParty[party]?.breaches ?? 0, `${party} at ${value}`).toBe(direct[party]?.breaches ?? 0);
      expect(point.breaches).toBe(findings.filter((f) => f.verdict === 'breach').length);
      expect(point.breaches).toBeGreaterThan(0);
    }
  });

  it('from the command line: a table, JSON and an SVG chart whose figures are the table\'s', async () => {
    const chart = join(dir, 'sweep.svg');
    const args = ['backtest', draftFile, '--observations', ...ais, '--registry', ...registries, '--vary', 'approach-distance.minDistanceM=10000..150000/10000', '--chart', chart];
    const json = await runCli(resolve('dist/src/cli/main.js'), [...args, '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as SweepResult;
    expect(doc.points).toEqual(result.points);
    const svg = readFileSync(chart, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const dots = [...svg.matchAll(/data-party="([^"]+)" data-value="([^"]+)" data-breaches="(\d+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(dots).toEqual(doc.parties.flatMap((party) => doc.points.map((p) => [party, p.value, p.byParty[party]?.breaches ?? 0])));
    const table = await runCli(resolve('dist/src/cli/main.js'), args.slice(0, -2));
    expect(table.code, table.stderr).toBe(0);
    const row = table.stdout.split('\n').find((l) => /^\s+130000 /.test(l))!;
    const p130 = doc.points.find((p) => p.value === 130000)!;
    expect(row.trim().split(/\s+/).map(Number)).toEqual([130000, p130.breaches, Number(p130.breachMinutes.toFixed(1)), p130.byParty.NATO?.breaches ?? 0, p130.byParty.RUS?.breaches ?? 0]);
    const bad = await runCli(resolve('dist/src/cli/main.js'), ['backtest', draftFile, '--observations', ais[3]!, '--vary', 'approach-distance.nope=1..2/1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no numeric parameter "nope" \(numeric: minDistanceM, riskDistanceM\)/);
  });

  it('without --vary, tallies breaches per party and commitment as check finds them', async () => {
    const findings = check([loadAgreement(draftFile)], obs, geo);
    const t = tally(findings);
    const sep = t.find((x) => x.commitment === 'approach-distance')!;
    expect(sep.byParty.RUS?.breaches).toBe(findings.filter((f) => f.commitment === 'approach-distance' && f.verdict === 'breach').length);
    const r = await runCli(resolve('dist/src/cli/main.js'), ['backtest', draftFile, '--observations', ...ais, '--registry', ...registries, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { commitments: unknown }).commitments).toEqual(t);
  });
});
