/**
 * Crimea: how the base map draws it, the contested layer that replaces its politics, and the views.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as topojson from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnassignedContestedAreaError } from './contested.js';
import { geodesicDirect, geodesicDistance } from './geodesy.js';
import { createGeo, type LoadedGeo } from './index.js';
import { pointInPolygon } from './rings.js';
import type { Ring } from './types.js';

const self = (p: string) => [p];
const SEVASTOPOL: [number, number] = [33.52, 44.6];
const SIMFEROPOL: [number, number] = [34.1, 44.95];

let geo: LoadedGeo;
beforeAll(() => {
  geo = createGeo();
});

function rawAtlas(): { topo: Topology; obj: GeometryCollection } {
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8')) as Topology;
  return { topo, obj: topo.objects['countries'] as GeometryCollection };
}

describe('how world-atlas 10m draws Crimea', () => {
  it('inside Russia (ISO 643), polygon #2 of its MultiPolygon, sharing an arc with Ukraine at Perekop', () => {
    // Read straight from the package with topojson-client, independent of src/geo.
    const { topo, obj } = rawAtlas();
    const feature = (id: string) => {
      const g = obj.geometries.find((x) => x.id === id)!;
      const f = topojson.feature(topo, g) as unknown as { geometry: { coordinates: Ring[][] } };
      return f.geometry.coordinates;
    };
    const rus = feature('643');
    const ukr = feature('804');
    for (const [x, y] of [SEVASTOPOL, SIMFEROPOL]) {
      expect(rus.some((p) => pointInPolygon(p, x, y))).toBe(true);
      expect(ukr.some((p) => pointInPolygon(p, x, y))).toBe(false);
    }
    expect(pointInPolygon(rus[2]!, ...SEVASTOPOL)).toBe(true);
    expect(rus[2]![0]!.length).toBe(424);
    const mesh = topojson.mesh(topo, obj, (a, b) => (a.id === '643' && b.id === '804') || (a.id === '804' && b.id === '643'));
    const nearPerekop = mesh.coordinates.some((line) => line.some(([x, y]) => Math.abs(x! - 33.67) < 0.05 && Math.abs(y! - 46.2) < 0.05));
    expect(nearPerekop).toBe(true);
  });
});

describe('the contested layer', () => {
  it('holds the peninsula and Sevastopol, and nothing of Kherson Oblast or the Taman peninsula', () => {
    const w = geo.world();
    const crimea = w.unitPreparedOf(w.unitOfContested.get('crimea')!);
    // Places with public coordinates (rounded); inland points chosen where the town is on the coast.
    const inside: [string, number, number][] = [
      ['Sevastopol', ...SEVASTOPOL],
      ['Simferopol', ...SIMFEROPOL],
      ['Kerch (inland)', 36.4, 45.33],
      ['Yevpatoria (inland)', 33.4, 45.22],
      ['Armiansk', 33.69, 46.11],
      ['Dzhankoi', 34.39, 45.71],
      ['Cape Fiolent (inland)', 33.51, 44.52],
    ];
    const outside: [string, number, number][] = [
      ['Henichesk', 34.82, 46.17],
      ['Kherson', 32.62, 46.64],
      ['Chonhar peninsula', 34.526, 46.061],
      ['Strilkove (Arabat spit, Kherson Oblast)', 34.881, 45.896],
      ['Taman', 36.72, 45.21],
      ['Anapa', 37.32, 44.9],
    ];
    for (const [name, x, y] of inside) expect([name, crimea.contains(x, y)]).toEqual([name, true]);
    for (const [name, x, y] of outside) expect([name, crimea.contains(x, y)]).toEqual([name, false]);
  });

  it('leaves no sliver of either claimant on the wrong side of the line', () => {
    const ru = geo.resolve('ru', { kind: 'territory', party: 'RUS' }, 'UKR', self);
    const ua = geo.resolve('ua', { kind: 'territory', party: 'UKR' }, 'RUS', self);
    const w = geo.world();
    const crimea = w.unitPreparedOf(w.unitOfContested.get('crimea')!);
    const ruInCrimeaBox: string[] = [];
    let uaInCrimea = 0;
    // West of the Kerch Strait (the Taman peninsula begins at 36.59 E on the 1:10m map).
    for (let x = 32.4; x <= 36.55; x += 0.01)
      for (let y = 44.3; y <= 46.3; y += 0.01) {
        if (ru.contains(x, y)) ruInCrimeaBox.push(`${x.toFixed(2)} ${y.toFixed(2)}`);
        if (crimea.contains(x, y) && ua.contains(x, y)) uaInCrimea++;
      }
    expect(ruInCrimeaBox).toEqual([]);
    expect(uaInCrimea).toBe(0);
  });
});

describe('views', () => {
  it('lists the views and what they rest on', () => {
    expect(geo.views()).toEqual(['RUS', 'UKR', 'USA', 'NATO', 'UN']);
    const [crimea] = geo.contested();
    expect(crimea!.id).toBe('crimea');
    expect(crimea!.assignments).toEqual({ RUS: 'RUS', UKR: 'UKR', USA: 'UKR', NATO: 'UKR', UN: 'UKR' });
    expect(geo.viewInfo().find((v) => v.id === 'UN')!.source).toMatch(/68\/262/);
  });

  it('Sevastopol is Russian territory on the RUS view and Ukrainian on the UKR, USA, NATO and UN views', () => {
    const ruOnRu = geo.resolve('ru', { kind: 'territory', party: 'RUS' }, 'RUS', self);
    const uaOnRu = geo.resolve('ua', { kind: 'territory', party: 'UKR' }, 'RUS', self);
    expect(ruOnRu.contains(...SEVASTOPOL)).toBe(true);
    expect(uaOnRu.contains(...SEVASTOPOL)).toBe(false);
    expect(ruOnRu.contested).toEqual(['crimea']);
    for (const view of ['UKR', 'USA', 'NATO', 'UN']) {
      const ua = geo.resolve('ua', { kind: 'territory', party: 'UKR' }, view, self);
      const ru = geo.resolve('ru', { kind: 'territory', party: 'RUS' }, view, self);
      expect([view, ua.contains(...SEVASTOPOL), ru.contains(...SEVASTOPOL)]).toEqual([view, true, false]);
      expect(ua.view).toBe(view);
    }
    // Moscow and Kyiv do not move.
    expect(ruOnRu.contains(37.62, 55.75)).toBe(true);
    expect(uaOnRu.contains(30.52, 50.45)).toBe(true);
  });

  it('a view that does not assign Crimea is an error naming the view and the area, for regions that depend on it', () => {
    const tryView = () => geo.resolve('ukr-land', { kind: 'territory', party: 'UKR' }, 'TUR', self);
    expect(tryView).toThrow(UnassignedContestedAreaError);
    expect(tryView).toThrow(/view "TUR".*"crimea"/);
    expect(() => geo.resolve('b', { kind: 'border-belt', between: ['RUS', 'EST'], widthKm: 50 }, 'FRA', self)).toThrow(/view "FRA".*"crimea"/);
    // Regions that do not depend on who holds Crimea resolve on any view.
    const tur = geo.resolve('tur', { kind: 'territory', party: 'TUR' }, 'TUR', self);
    expect(tur.contains(32.85, 39.93)).toBe(true);
    expect(tur.contested).toEqual([]);
    expect(geo.resolve('turts', { kind: 'territorial-sea', party: 'TUR' }, 'TUR', self).contains(34.0, 42.1)).toBe(true);
  });

  it('the Crimea administrative line is a RUS-UKR land border on the RUS view and not on the UKR view', () => {
    // A point 2 km north of a vertex of the line, in Kherson Oblast (Syvash shore, 34.3029 E 46.07 N).
    const [x, y] = geodesicDirect(34.3029, 46.07, 0, 2000);
    const onRu = geo.resolve('b', { kind: 'border-belt', between: ['RUS', 'UKR'], widthKm: 5 }, 'RUS', self);
    const onUa = geo.resolve('b', { kind: 'border-belt', between: ['RUS', 'UKR'], widthKm: 5 }, 'UKR', self);
    expect(onRu.contains(x, y)).toBe(true);
    expect(onUa.contains(x, y)).toBe(false);
    // On the UKR view the nearest RUS-UKR land border to that point is the Donbas/Azov end, hundreds of km away.
    const far = onUa.distance(x, y, Infinity)!;
    expect(far.metres).toBeGreaterThan(200_000);
    // Both views agree on the border at Belgorod / Kharkiv (50.3 N): a point 3 km inside Ukraine.
    expect(onRu.contains(36.2, 50.38)).toBe(onUa.contains(36.2, 50.38));
  });
});

describe('the land border comes from shared boundaries', () => {
  it('RUS-EST: the same length as topojson.mesh of the arcs world-atlas shares between the two', () => {
    const { topo, obj } = rawAtlas();
    const mesh = topojson.mesh(topo, obj, (a, b) => (a.id === '643' && b.id === '233') || (a.id === '233' && b.id === '643'));
    let meshM = 0;
    for (const line of mesh.coordinates) for (let i = 1; i < line.length; i++) meshM += geodesicDistance(line[i - 1]![0]!, line[i - 1]![1]!, line[i]![0]!, line[i]![1]!);
    const w = geo.world();
    const border = w.borderBetween([w.unitsOfState.get('RUS')!], [w.unitsOfState.get('EST')!]);
    let ourM = 0;
    for (let k = 0; k < border.size; k++) {
      const [ax, ay, bx, by] = border.segment(k);
      ourM += geodesicDistance(ax, ay, bx, by);
    }
    expect(meshM).toBeGreaterThan(250_000);
    expect(Math.abs(ourM - meshM) / meshM).toBeLessThan(1e-6);
  });
});

describe('the 1:50m map', () => {
  it('carves Crimea the same way: no sliver of Russia left on the peninsula on the UKR view', () => {
    const g50 = createGeo({ resolution: '50m' });
    const ru = g50.resolve('ru', { kind: 'territory', party: 'RUS' }, 'UKR', self);
    const ua = g50.resolve('ua', { kind: 'territory', party: 'UKR' }, 'UKR', self);
    expect(ua.contains(...SEVASTOPOL)).toBe(true);
    expect(g50.resolve('ru', { kind: 'territory', party: 'RUS' }, 'RUS', self).contains(...SEVASTOPOL)).toBe(true);
    let ruInCrimea = 0;
    for (let x = 32.4; x <= 36.55; x += 0.02) for (let y = 44.3; y <= 46.3; y += 0.02) if (ru.contains(x, y)) ruInCrimea++;
    expect(ruInCrimea).toBe(0);
    expect(g50.resolve('ts', { kind: 'territorial-sea', party: 'RUS' }, 'RUS', self).contains(33.4, 44.5)).toBe(true);
  });
});
