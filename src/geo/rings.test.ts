/**
 * The antimeridian cut and the prepared point-in-polygon, on synthetic rings whose answers are known
 * by construction and on the real Natural Earth rings that cross +-180 (Russia, Fiji, Antarctica).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as topojson from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGeo, type LoadedGeo } from './index.js';
import { PreparedPolygons } from './prepared.js';
import { cutAtAntimeridian, densifyPolygons, pointInPolygon, polygonAreaM2 } from './rings.js';
import { RingStore } from './store.js';
import type { MultiPolygonCoords, Ring } from './types.js';

function prepare(polys: MultiPolygonCoords): PreparedPolygons {
  const store = new RingStore([densifyPolygons(polys)]);
  return new PreparedPolygons(store, store.allEdges());
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('cutting at the antimeridian', () => {
  it('splits a ring that crosses 180 into parts on either side', () => {
    const ring: Ring = [[170, 10], [-170, 10], [-170, 20], [170, 20], [170, 10]];
    const parts = cutAtAntimeridian([ring]);
    expect(parts).toHaveLength(2);
    for (const p of parts) for (const r of p) for (const [x] of r) expect(Math.abs(x)).toBeLessThanOrEqual(180);
    // The two halves are 10 x 10 degree boxes: equal areas, together the whole.
    const areas = parts.map((p) => polygonAreaM2(p));
    expect(areas[0]! / areas[1]!).toBeCloseTo(1, 6);
    const pp = prepare(parts);
    expect(pp.contains(175, 15)).toBe(true);
    expect(pp.contains(-175, 15)).toBe(true);
    expect(pp.contains(179.999, 15)).toBe(true);
    expect(pp.contains(-179.999, 15)).toBe(true);
    expect(pp.contains(0, 15)).toBe(false);
    expect(pp.contains(165, 15)).toBe(false);
    expect(pp.contains(-165, 15)).toBe(false);
    // Planar point-in-polygon on the uncut ring gets this wrong: it sees a 340-degree-wide band.
    expect(pointInPolygon([ring], 0, 15)).toBe(true);
  });

  it('closes a ring that encircles the south pole along the pole', () => {
    const ring: Ring = [[-170, -80], [-90, -75], [0, -80], [90, -75], [170, -80], [-170, -80]];
    const parts = cutAtAntimeridian([ring]);
    const pp = prepare(parts);
    expect(pp.contains(0, -85)).toBe(true);
    expect(pp.contains(179.9, -89)).toBe(true);
    expect(pp.contains(-179.9, -85)).toBe(true);
    expect(pp.contains(0, -70)).toBe(false);
  });

  it('keeps holes with their outer ring when the polygon crosses', () => {
    const outer: Ring = [[170, -30], [-170, -30], [-170, -10], [170, -10], [170, -30]];
    const hole: Ring = [[178, -22], [-178, -22], [-178, -18], [178, -18], [178, -22]];
    const pp = prepare(cutAtAntimeridian([outer, hole]));
    expect(pp.contains(175, -20)).toBe(true);
    expect(pp.contains(179.5, -20)).toBe(false);
    expect(pp.contains(-179.5, -20)).toBe(false);
    expect(pp.contains(-172, -20)).toBe(true);
  });
});

describe('Natural Earth rings that cross 180, after the cut', () => {
  let geo: LoadedGeo;
  beforeAll(() => {
    geo = createGeo();
  });

  it('world-atlas really has rings with longitude jumps over 180 (Russia, Fiji, Antarctica)', () => {
    const require = createRequire(import.meta.url);
    const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8')) as Topology;
    const obj = topo.objects['countries'] as GeometryCollection;
    const jumpers = new Set<string>();
    for (const g of obj.geometries) {
      const f = topojson.feature(topo, g) as unknown as { geometry: { type: string; coordinates: Ring[] | Ring[][] } };
      const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
      for (const p of polys) for (const r of p) for (let i = 1; i < r.length; i++) if (Math.abs(r[i]![0] - r[i - 1]![0]) > 180) jumpers.add(String((g.properties as { name: string }).name));
    }
    expect([...jumpers].sort()).toEqual(['Antarctica', 'Fiji', 'Russia']);
  });

  it('no unit ring has a longitude outside [-180, 180] or a jump over 180 after loading', () => {
    const w = geo.world();
    const { lon, edgeV0, artificial } = w.store;
    let bad = 0;
    for (let e = 0; e < w.store.edgeCount; e++) {
      const v = edgeV0[e]!;
      // The one allowed "jump" is Antarctica's closing edge along the pole, flagged artificial.
      if (Math.abs(lon[v]!) > 180 || (Math.abs(lon[v + 1]! - lon[v]!) > 180 && !artificial[e])) bad++;
    }
    expect(bad).toBe(0);
  });

  it('Russia holds Chukotka on both sides of 180 and not the Pacific', () => {
    const rus = geo.resolve('rus', { kind: 'territory', party: 'RUS' }, 'RUS', (p) => [p]);
    // West of 180: the Anadyr lowland, 30 km north-west of Anadyr town (177.5 E 64.7 N, which the
    // 1:10m coast puts in the Anadyr estuary); east of 180: inland Chukotka near Lorino.
    expect(rus.contains(177.0, 64.8)).toBe(true);
    expect(rus.contains(-175, 66)).toBe(true);
    expect(rus.contains(179.9, 68.5)).toBe(true);
    expect(rus.contains(-179.9, 68.5)).toBe(true);
    expect(rus.contains(180, 50)).toBe(false);
    expect(rus.contains(-180, 50)).toBe(false);
    expect(rus.contains(-170, 50)).toBe(false);
    expect(rus.contains(170, 50)).toBe(false);
    // The cut line itself is no coast: a point in Chukotka right on 180 is far from the boundary.
    const d = rus.boundaryDistance!(180, 67.5, Infinity)!;
    expect(d.metres).toBeGreaterThan(50_000);
  });

  it('Fiji and Antarctica come out whole', () => {
    const fji = geo.resolve('fji', { kind: 'territory', party: 'FJI' }, 'UN', (p) => [p]);
    expect(fji.contains(178.44, -17.8)).toBe(true); // Viti Levu, inland of Suva
    expect(fji.contains(178.0, -17.0)).toBe(false);
    expect(fji.contains(-178.0, -17.0)).toBe(false);
    const ata = geo.resolve('ata', { kind: 'territory', party: 'ATA' }, 'UN', (p) => [p]);
    expect(ata.contains(0, -85)).toBe(true);
    expect(ata.contains(179.99, -85)).toBe(true);
    expect(ata.contains(-179.99, -85)).toBe(true);
    expect(ata.contains(0, -89.99)).toBe(true);
    expect(ata.contains(0, -50)).toBe(false);
  });
});

describe('prepared point-in-polygon', () => {
  it('matches plain even-odd ray casting on real countries for 12,000 random points', () => {
    const geo = createGeo();
    const w = geo.world();
    const r = rng(4);
    const mismatches: string[] = [];
    for (const key of ['NOR', 'IDN', 'DNK', 'GRC', 'CHL', 'UKR']) {
      const u = w.unitsOfState.get(key)!;
      const unit = w.units[u]!;
      const pp = w.unitPreparedOf(u);
      const [x0, y0, x1, y1] = unit.bbox;
      for (let i = 0; i < 2000; i++) {
        const x = x0 + (x1 - x0) * r();
        const y = y0 + (y1 - y0) * r();
        const naive = unit.polygons.some((p) => pointInPolygon(p, x, y));
        if (pp.contains(x, y) !== naive) mismatches.push(`${key} ${x} ${y}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
