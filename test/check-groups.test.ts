/**
 * The engine's two ways out, on the first 30,000 positions of the bench's scaled real AIS (Baltic
 * and Black Sea traffic, keep-out, standoff and separation under two views): `checkEach` hands the
 * findings over one commitment and view at a time, each group in order and numbered from 1, made
 * as they are iterated (separation's and standoff's are lazy), and together they are exactly
 * `check`'s findings. And the distance bounds standoff and separation decide with hold on those
 * positions: the exact WGS84 distance to Russia's territory lies between the distance field's, and
 * the geodesic between two nearby fixes between the flat distance's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkload, observationSetOf, resolverOf, type Workload } from '../bench/perf/workload.js';
import { breathe } from './support/breathe.js';
import { DistanceField } from '../src/geo/distance-field.js';
import type { ObservationSet } from '../src/observations/model.js';
import { geodesicMetres, flatLower, flatMetres, flatUpper } from '../src/verify/kinds/separation/cpa.js';
import { Agreement } from '../src/language/index.js';
import { check, checkEach, compareFindings, type Finding } from '../src/verify/index.js';

const dir = mkdtempSync(join(tmpdir(), 'redline-groups-'));
let w: Workload;
let obs: ObservationSet;
beforeAll(async () => {
  w = await buildWorkload(30_000, '../shared/data', dir);
  obs = observationSetOf(w.cols, w.assets);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkEach', () => {
  it('hands over each commitment under each view as one ordered, numbered group, and the groups are check', () => {
    const groups: Finding[][] = [];
    checkEach([w.agreement], obs, w.resolver, { views: ['RUS', 'UKR'] }, (group) => {
      const g = [...group];
      expect(g.length).toBe(group.size);
      expect(new Set(g.map((f) => `${f.commitment}/${f.view}`))).toEqual(new Set([`${group.commitment}/${group.view}`]));
      groups.push(g);
    });
    expect(groups.length).toBe(w.agreement.decl.commitments.length * 2);
    for (const g of groups) {
      expect(g.map((f) => f.id)).toEqual(g.map((f, i) => `bench-evaluation/${f.commitment}/${f.view}/${i + 1}`));
      expect([...g].sort(compareFindings)).toEqual(g);
    }
    const all = check([w.agreement], obs, w.resolver, { views: ['RUS', 'UKR'] });
    expect(groups.flat().sort(compareFindings)).toEqual(all);
    expect(all.filter((f) => f.verdict === 'breach').length).toBeGreaterThan(100);
  }, 120_000);
});

describe('views judged together', () => {
  const separationOf = (fs: Finding[], view: string) => fs.filter((f) => f.kind === 'separation' && f.view === view).map(({ trace, ...f }) => ({ ...f, trace: trace.map((t) => t.detail) }));

  it('give each view the findings it gets alone, separation sweeping a sea once where both maps draw it alike', () => {
    const together = check([w.agreement], obs, w.resolver, { views: ['RUS', 'UKR'] });
    for (const view of ['RUS', 'UKR']) expect(separationOf(together, view)).toEqual(separationOf(check([w.agreement], obs, w.resolver, { views: [view] }), view));
    const rus = w.resolver.resolve('black-sea', { kind: 'sea', sea: 'black-sea' }, 'RUS', () => []);
    const ukr = w.resolver.resolve('black-sea', { kind: 'sea', sea: 'black-sea' }, 'UKR', () => []);
    expect(rus).not.toBe(ukr);
    expect(rus.decidesLike(ukr)).toBe(true);
    expect(rus.decidesLike(w.resolver.resolve('baltic-sea', { kind: 'sea', sea: 'baltic-sea' }, 'RUS', () => []))).toBe(false);
  }, 120_000);

  it('sweep again where the maps draw the sea differently', () => {
    // Under UKR the "Black Sea" is drawn as the Baltic: a shared sweep would give UKR the RUS findings.
    const polygons = new Map(w.polygons);
    polygons.set('black-sea@UKR', w.polygons.get('baltic-sea@UKR')!);
    const resolver = resolverOf(w.agreement, polygons);
    const together = check([w.agreement], obs, resolver, { views: ['RUS', 'UKR'] });
    const black = (fs: Finding[]) => fs.filter((f) => f.commitment === 'separation-black');
    const alone = check([w.agreement], obs, resolver, { views: ['UKR'] });
    expect(separationOf(black(together), 'UKR')).toEqual(separationOf(black(alone), 'UKR'));
    expect(separationOf(black(together), 'UKR').map((f) => f.assets)).not.toEqual(separationOf(black(together), 'RUS').map((f) => f.assets));
  }, 120_000);
});

describe('separation measures only what it reports', () => {
  // The sweep leaves unmeasured the encounters that cannot come within the risk distance, nor under
  // the closest so far while nothing has: the compliant figure must still be the closest of all.
  const variant = (params: Record<string, unknown>) => {
    const c = w.agreement.decl.commitments.find((x) => x.id === 'separation-baltic')!;
    return new Agreement({ ...w.agreement.decl, commitments: [{ ...c, params: { ...c.params, ...params } }] }, w.agreement.file);
  };
  const figure = (f: Finding) => f.measures.find((m) => m.name === 'closest point of approach')!.value!;

  it('gives as the closest of all, when nothing breaches, the least of every encounter measured', () => {
    // A 1 m minimum: compliant, its figure the closest approach of all.
    const [compliant, ...more] = check([variant({ minDistanceM: 1 })], obs, w.resolver, { views: ['RUS'] });
    expect(more).toEqual([]);
    expect(compliant!.verdict).toBe('compliant');
    // A risk distance as wide as the search: every encounter is measured and reported.
    const every = check([variant({ minDistanceM: 1, riskDistanceM: 5000 })], obs, w.resolver, { views: ['RUS'] });
    expect(every.length).toBeGreaterThan(50);
    expect(every.every((f) => f.verdict === 'risk')).toBe(true);
    expect(figure(compliant!)).toBe(Math.min(...every.map(figure)));
    const least = every.reduce((a, b) => (figure(b) < figure(a) ? b : a));
    expect(compliant!.points).toEqual(least.points);
    // And fewer geodesics were measured where most encounters could not matter.
    const geodesics = (f: Finding) => Number(/(\d+) geodesics measured/.exec(f.trace.map((t) => t.detail).join(' '))![1]);
    expect(geodesics(compliant!)).toBeLessThan(geodesics(every[0]!));
  }, 120_000);
});

describe('DistanceField', () => {
  it('bounds the exact distance to the territory at real positions, within a cell of it', () => {
    const target = w.resolver.resolve('rus-territory', { kind: 'territory', party: 'RUS' }, 'RUS', (p) => [p]);
    const field = new DistanceField(target, 700_000);
    const p = w.cols;
    let inside = 0;
    let measured = 0;
    for (let i = 0; i < p.n; i += 17) {
      const lower = field.bounds(p.lon[i]!, p.lat[i]!);
      const exact = target.distance(p.lon[i]!, p.lat[i]!, Infinity)!.metres;
      if (exact === 0) inside++;
      expect(lower).toBeLessThanOrEqual(exact + 1e-6);
      if (field.upper !== Infinity) {
        measured++;
        expect(exact).toBeLessThanOrEqual(field.upper + 1e-6);
        // Half a cell is at most about 5.6 km from its centre (0.05 degree of latitude and longitude).
        expect(field.upper - lower).toBeLessThan(11_200);
      }
    }
    expect(measured).toBeGreaterThan(1000);
    expect(inside).toBeLessThan(measured);
  }, 120_000);

  it('measures the same exact distance from the segments kept near the last point as from a walk of the index', async () => {
    // Two copies of the territory: one asked along each ship's track in turn (each fix near the
    // last, so its candidates come from the segments kept there), one asked about a point far
    // away (3 degrees north) before each fix, so that every fix walks the index afresh.
    const spec = { kind: 'territory', party: 'RUS' } as const;
    const along = resolverOf(w.agreement, w.polygons).resolve('rus-territory', spec, 'RUS', (p) => [p]);
    const afresh = resolverOf(w.agreement, w.polygons).resolve('rus-territory', spec, 'RUS', (p) => [p]);
    expect(along).not.toBe(afresh);
    const p = w.cols;
    const byAsset = new Map<number, number[]>();
    for (let i = 0; i < p.n; i++) byAsset.set(p.asset[i]!, [...(byAsset.get(p.asset[i]!) ?? []), i]);
    let compared = 0;
    for (const rows of [...byAsset.values()].filter((r) => r.length > 20).slice(0, 40))
      for (const i of rows) {
        const a = along.distance(p.lon[i]!, p.lat[i]!, Infinity)!;
        afresh.distance(p.lon[i]!, p.lat[i]! + 3, Infinity);
        const b = afresh.distance(p.lon[i]!, p.lat[i]!, Infinity)!;
        expect([a.metres, a.lon, a.lat]).toEqual([b.metres, b.lon, b.lat]);
        if (++compared % 100 === 0) await breathe();
      }
    expect(compared).toBeGreaterThan(1000);
  }, 120_000);

  it('narrows the bounds to a sub-cell where asked, still holding the exact distance', () => {
    const target = w.resolver.resolve('rus-territory', { kind: 'territory', party: 'RUS' }, 'RUS', (p) => [p]);
    const field = new DistanceField(target, 700_000);
    const p = w.cols;
    let narrowed = 0;
    for (let i = 0; i < p.n; i += 97) {
      field.bounds(p.lon[i]!, p.lat[i]!);
      const coarse = field.upper - field.lower;
      const lower = field.refine(p.lon[i]!, p.lat[i]!);
      const exact = target.distance(p.lon[i]!, p.lat[i]!, Infinity)!.metres;
      expect(lower).toBeLessThanOrEqual(exact + 1e-6);
      if (field.upper === Infinity) continue;
      expect(exact).toBeLessThanOrEqual(field.upper + 1e-6);
      if (lower > 0) {
        narrowed++;
        // A sub-cell is an eighth of a cell: under about 700 m from its centre to its corners.
        expect(field.upper - lower).toBeLessThan(1_400);
        expect(field.upper - lower).toBeLessThan(coarse / 4);
      }
    }
    expect(narrowed).toBeGreaterThan(200);
  }, 120_000);
});

describe('separation flat distance', () => {
  it('bounds the WGS84 geodesic between real fixes up to 15 km apart, far tighter than the plane', () => {
    const p = w.cols;
    let pairs = 0;
    let worst = 0;
    // Each fix against the next fixes in time order: nearby vessels of the same moment, in both seas.
    for (let i = 0; i < p.n; i += 3)
      for (let j = i + 1; j < Math.min(p.n, i + 200); j++) {
        const geodesic = geodesicMetres(p.lon[i]!, p.lat[i]!, p.lon[j]!, p.lat[j]!);
        if (!(geodesic > 1 && geodesic < 15_000)) continue;
        const flat = flatMetres(p.lon[i]!, p.lat[i]!, p.lon[j]!, p.lat[j]!);
        pairs++;
        expect(flatLower(flat)).toBeLessThanOrEqual(geodesic);
        expect(flatUpper(flat)).toBeGreaterThanOrEqual(geodesic);
        worst = Math.max(worst, Math.abs(flat - geodesic) / geodesic);
      }
    expect(pairs).toBeGreaterThan(5_000);
    // The margins are ten times the error measured: a tenth of them is what the flat distance may miss by.
    expect(worst).toBeLessThan(1e-5);
  }, 120_000);
});
