/**
 * Regions on real coordinates. Every expected figure is worked out here without geo's indexes or
 * bounds: coastline vertices are read from world-atlas with topojson-client, test points are placed
 * with geographiclib's Direct, and distances are brute-force minima of Karney's inverse over the raw
 * Natural Earth vertices or golden-section searches along the raw edges (testkit.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NAUTICAL_MILE_M } from './geodesy.js';
import { createGeo, type LoadedGeo } from './index.js';
import { densifyRing, pointInPolygon } from './rings.js';
import type { MultiPolygonCoords } from './types.js';
import { bruteEdgeDistance, bruteVertexDistance, direct, inverse, nearestVertex, rawRings, sharedArcs } from './testkit.js';

const NM = NAUTICAL_MILE_M;
const self = (p: string) => [p];
let geo: LoadedGeo;
beforeAll(() => {
  geo = createGeo();
});

describe('territorial sea', () => {
  it('off Kaliningrad (Cape Taran): 11 nmi out is in the Russian territorial sea, 13 nmi out is not', () => {
    // Cape Taran, the north-west corner of the Sambia peninsula (54.96 N 19.94 E): the RUS vertex the
    // data draws there, then 11 and 13 nmi north-west (azimuth 315, open Baltic) with Direct.
    const rus = rawRings('643');
    const cape = nearestVertex(19.94, 54.96, rus);
    expect(inverse(19.94, 54.96, ...cape)).toBeLessThan(3000);
    const p11 = direct(...cape, 315, 11 * NM);
    const p13 = direct(...cape, 315, 13 * NM);
    // Preconditions, brute force over every raw edge: the cape is (nearly) the nearest coast, and
    // Russia is nearer than Poland, Lithuania or Sweden (no equidistance cut here).
    const d11 = bruteEdgeDistance(...p11, rus);
    const d13 = bruteEdgeDistance(...p13, rus);
    expect(d11).toBeGreaterThan(10.5 * NM);
    expect(d11).toBeLessThanOrEqual(11 * NM + 1);
    expect(d13).toBeGreaterThan(12.5 * NM);
    expect(d13).toBeLessThanOrEqual(13 * NM + 1);
    const others = rawRings('616', '440', '752');
    expect(bruteVertexDistance(...p13, others)).toBeGreaterThan(d13 + 20_000);

    const ts = geo.resolve('ru-ts', { kind: 'territorial-sea', party: 'RUS' }, 'RUS', self);
    expect(ts.contains(...p11)).toBe(true);
    expect(ts.contains(...p13)).toBe(false);
    // Outside on Russia's side of the equidistance line the distance is exact: d - 12 nmi.
    const out = ts.distance(...p13, Infinity)!;
    expect(out.lowerBound).toBeUndefined();
    expect(Math.abs(out.metres - (d13 - 12 * NM))).toBeLessThan(2);
    expect(Math.abs(inverse(...p13, out.lon, out.lat) - out.metres)).toBeLessThan(0.01);
    // A 14 nmi claim would reach the 13 nmi point.
    expect(geo.resolve('ru-ts14', { kind: 'territorial-sea', party: 'RUS', widthNm: 14 }, 'RUS', self).contains(...p13)).toBe(true);
    expect(ts.description).toMatch(/within ~1 km/);
  });

  it('off Cape Fiolent, Sevastopol: 11 nmi out is in the territorial sea of whoever holds Crimea on the view, 13 nmi is not', () => {
    const crimea = rawRings('643').filter((r) => r.some(([x, y]) => Math.abs(x - 33.5) < 0.3 && Math.abs(y - 44.5) < 0.2));
    const cape = nearestVertex(33.49, 44.5, crimea);
    const p11 = direct(...cape, 225, 11 * NM);
    const p13 = direct(...cape, 225, 13 * NM);
    const d11 = bruteEdgeDistance(...p11, crimea);
    const d13 = bruteEdgeDistance(...p13, crimea);
    expect(d11).toBeGreaterThan(10 * NM);
    expect(d11).toBeLessThanOrEqual(11 * NM + 1);
    expect(d13).toBeGreaterThan(12.2 * NM);
    for (const [view, holder, other] of [
      ['RUS', 'RUS', 'UKR'],
      ['UKR', 'UKR', 'RUS'],
      ['UN', 'UKR', 'RUS'],
    ] as const) {
      const ts = geo.resolve('ts', { kind: 'territorial-sea', party: holder }, view, self);
      const not = geo.resolve('ts', { kind: 'territorial-sea', party: other }, view, self);
      expect([view, ts.contains(...p11), ts.contains(...p13), not.contains(...p11)]).toEqual([view, true, false, false]);
    }
  });

  it("HMS Defender's position of 23 June 2021 (44.50 N 33.40 E) is Russian territorial sea on the RUS view and Ukrainian on the UKR view", () => {
    const p: [number, number] = [33.4, 44.5];
    // Independent: the nearest Crimean coast is a few km away, Turkey hundreds.
    const crimea = rawRings('643').filter((r) => r.some(([x, y]) => Math.abs(x - 33.5) < 0.3 && Math.abs(y - 44.5) < 0.2));
    const dCoast = bruteEdgeDistance(...p, crimea);
    expect(dCoast).toBeGreaterThan(2_000);
    expect(dCoast).toBeLessThan(10_000);
    expect(bruteVertexDistance(...p, rawRings('792'))).toBeGreaterThan(250_000);

    const ruOnRu = geo.resolve('ts', { kind: 'territorial-sea', party: 'RUS' }, 'RUS', self);
    const uaOnRu = geo.resolve('ts', { kind: 'territorial-sea', party: 'UKR' }, 'RUS', self);
    const ruOnUa = geo.resolve('ts', { kind: 'territorial-sea', party: 'RUS' }, 'UKR', self);
    const uaOnUa = geo.resolve('ts', { kind: 'territorial-sea', party: 'UKR' }, 'UKR', self);
    expect(ruOnRu.contains(...p)).toBe(true);
    expect(uaOnRu.contains(...p)).toBe(false);
    expect(ruOnUa.contains(...p)).toBe(false);
    expect(uaOnUa.contains(...p)).toBe(true);
    // How deep inside: the distance to the coast, exact, equal to the brute-force figure.
    const depth = ruOnRu.boundaryDistance!(...p, Infinity)!;
    expect(depth.lowerBound).toBeUndefined();
    expect(Math.abs(depth.metres - dCoast)).toBeLessThan(2);
    expect(ruOnRu.contested).toEqual(['crimea']);
  });

  it('is water only, and on land the distance is to the coast', () => {
    const ts = geo.resolve('ts', { kind: 'territorial-sea', party: 'EST' }, 'UN', self);
    expect(ts.contains(24.75, 59.437)).toBe(false); // Tallinn, on land
    const tallinn = ts.distance(24.75, 59.42, Infinity)!;
    const est = rawRings('233');
    expect(Math.abs(tallinn.metres - bruteEdgeDistance(24.75, 59.42, est))).toBeLessThan(2);
  });
});

describe('reach', () => {
  it("500 km of Russia's territory (RUS view) covers Tallinn and Kyiv, not Paris", () => {
    // Expected distances to Russian territory: brute-force minimum of Karney's inverse over all
    // 36,680 raw vertices of Russia (Crimea included, as on the RUS view). A vertex minimum is an
    // upper bound on the distance to the edges and exceeds it by at most a few metres here.
    const rus = rawRings('643');
    const capitals: [string, number, number, boolean][] = [
      ['Tallinn', 24.745, 59.437, true],
      ['Kyiv', 30.524, 50.45, true],
      ['Paris', 2.352, 48.857, false],
    ];
    const territory = geo.resolve('ru', { kind: 'territory', party: 'RUS' }, 'RUS', self);
    const reach = geo.resolve('ru-500', { kind: 'reach', of: 'RUS', radiusKm: 500 }, 'RUS', self);
    for (const [name, x, y, covered] of capitals) {
      const brute = bruteVertexDistance(x, y, rus);
      const d = territory.distance(x, y, Infinity)!;
      expect([name, d.metres <= brute + 1e-6, brute - d.metres < 50]).toEqual([name, true, true]);
      expect([name, brute < 500_000]).toEqual([name, covered]);
      expect([name, reach.contains(x, y)]).toEqual([name, covered]);
      const r = reach.distance(x, y, Infinity)!;
      expect(r.metres).toBeCloseTo(Math.max(0, d.metres - 500_000), 3);
    }
    // The figures, for the record: Tallinn ~141 km (Gogland island), Paris ~1,342 km (Kaliningrad).
    expect(bruteVertexDistance(24.745, 59.437, rus)).toBeGreaterThan(130_000);
    expect(bruteVertexDistance(2.352, 48.857, rus)).toBeGreaterThan(1_300_000);
  });

  it('the nearest point outside a reach area is R from the territory, toward the point', () => {
    const reach = geo.resolve('r', { kind: 'reach', of: 'RUS', radiusKm: 300 }, 'RUS', self);
    const paris = reach.distance(2.352, 48.857, Infinity)!;
    const territory = geo.resolve('ru', { kind: 'territory', party: 'RUS' }, 'RUS', self);
    const atEdge = territory.distance(paris.lon, paris.lat, Infinity)!;
    expect(atEdge.metres).toBeCloseTo(300_000, 0);
    expect(inverse(2.352, 48.857, paris.lon, paris.lat)).toBeCloseTo(paris.metres, 3);
  });
});

describe('border belt', () => {
  it('RUS-EST 100 km: 50 km inside Estonia from the Narva river is in, Tallinn is not', () => {
    const arcs = sharedArcs('643', '233');
    // 50 km due west of the border vertex on the Narva river at Narva (59.377 N 28.19 E), then the
    // distance to the shared arcs (the border bends west along the Narva reservoir, so it is less).
    const narva = nearestVertex(28.19, 59.377, arcs);
    const p = direct(...narva, 270, 50_000);
    const dP = bruteEdgeDistance(...p, arcs, 3);
    expect(dP).toBeGreaterThan(30_000);
    expect(dP).toBeLessThanOrEqual(50_000);
    const dTallinn = bruteEdgeDistance(24.745, 59.437, arcs, 5);
    expect(dTallinn).toBeGreaterThan(150_000);

    const belt = geo.resolve('b', { kind: 'border-belt', between: ['RUS', 'EST'], widthKm: 100 }, 'RUS', self);
    expect(belt.contains(...p)).toBe(true);
    expect(belt.contains(24.745, 59.437)).toBe(false);
    expect(belt.contains(28.6, 59.3)).toBe(true); // Russia, beyond Ivangorod
    expect(belt.contains(27.0, 57.6)).toBe(false); // Latvia near the tripoint: neither party's land
    expect(belt.contains(27.9, 59.6)).toBe(false); // Gulf of Finland: not land
    const out = belt.distance(24.745, 59.437, Infinity)!;
    expect(Math.abs(out.metres - (dTallinn - 100_000))).toBeLessThan(2);
    expect(out.lowerBound).toBeUndefined();
  });

  it('Kaliningrad: RUS-POL and RUS-LTU belts', () => {
    const rusPol = sharedArcs('643', '616');
    const rusLtu = sharedArcs('643', '440');
    const onBorder = nearestVertex(20.5, 54.39, rusPol);
    const pl30 = direct(...onBorder, 180, 30_000); // 30 km south of the border south of Kaliningrad
    expect(bruteEdgeDistance(...pl30, rusPol)).toBeLessThanOrEqual(30_000);
    expect(bruteEdgeDistance(...pl30, rusPol)).toBeGreaterThan(25_000);
    const sovetsk: [number, number] = [21.88, 55.08];
    expect(bruteEdgeDistance(...sovetsk, rusPol)).toBeGreaterThan(60_000);
    expect(bruteEdgeDistance(...sovetsk, rusLtu)).toBeLessThan(5_000);
    for (const view of ['RUS', 'UKR']) {
      const bp = geo.resolve('bp', { kind: 'border-belt', between: ['RUS', 'POL'], widthKm: 50 }, view, self);
      const bl = geo.resolve('bl', { kind: 'border-belt', between: ['RUS', 'LTU'], widthKm: 50 }, view, self);
      expect(bp.contains(...pl30)).toBe(true);
      expect(bp.contains(20.51, 54.71)).toBe(true); // Kaliningrad city
      expect(bp.contains(21.01, 52.23)).toBe(false); // Warsaw
      expect(bp.contains(...sovetsk)).toBe(false);
      expect(bp.contains(23.7, 52.5)).toBe(false); // Belarus by the Polish border: not a party's land
      expect(bl.contains(...sovetsk)).toBe(true);
      expect(bl.contains(22.5, 55.0)).toBe(true); // Lithuania by the border
      expect(bl.contains(25.28, 54.69)).toBe(false); // Vilnius
    }
  });

  it('an alliance borders a state through its members', () => {
    const members = (p: string) => (p === 'NATO-EAST' ? ['EST', 'LVA', 'LTU', 'POL', 'FIN', 'NOR'] : [p]);
    const belt = geo.resolve('b', { kind: 'border-belt', between: ['NATO-EAST', 'RUS'], widthKm: 30 }, 'NATO', members);
    expect(belt.contains(27.5, 59.3)).toBe(true); // Estonia, 25 km from Narva
    expect(belt.contains(34.35, 61.78)).toBe(false); // Petrozavodsk, Russia, ~200 km from Finland
    expect(belt.contains(30.0, 69.3)).toBe(true); // Norway-Russia border near Kirkenes
    expect(belt.contains(26.0, 53.5)).toBe(false); // Belarus
  });
});

describe('custom zones', () => {
  it('are cut at the antimeridian and measured geodesically', () => {
    const zone = geo.resolve(
      'zone',
      { kind: 'custom', geometry: { type: 'Polygon', coordinates: [[[170, -20], [-170, -20], [-170, -10], [170, -10], [170, -20]]] }, name: 'Fiji box' },
      'UN',
      self,
    );
    expect(zone.contains(175, -15)).toBe(true);
    expect(zone.contains(-175, -15)).toBe(true);
    expect(zone.contains(0, -15)).toBe(false);
    expect(zone.description).toMatch(/cut at the antimeridian/);
    // The west edge is a meridian (a geodesic): the reference is the distance to that segment.
    const d = zone.distance(165, -15, Infinity)!;
    const ref = bruteEdgeDistance(165, -15, [[[170, -20], [170, -10]]], 10);
    expect(Math.abs(d.metres - ref)).toBeLessThan(0.01);
  });

  it('are validated', () => {
    const bad = (coordinates: unknown, type: 'Polygon' | 'MultiPolygon' = 'Polygon') => () => geo.resolve('z', { kind: 'custom', geometry: { type, coordinates } }, 'UN', self);
    expect(bad([[[0, 0], [1, 0], [1, 1], [0, 1]]])).toThrow(/not closed/);
    expect(bad([[[0, 0], [200, 0], [1, 1], [0, 0]]])).toThrow(/longitude 200/);
    expect(bad([[[0, 0], [1, 95], [1, 1], [0, 0]]])).toThrow(/latitude 95/);
    expect(bad([[[0, 0], [1, 0], [0, 0]]])).toThrow(/at least 4/);
    expect(bad([[[[0, 0], [1, 0], [1, 1], [0, 0]]]], 'MultiPolygon')).not.toThrow();
  });
});

describe('territory distances', () => {
  it('match brute force over the raw edges around Estonia, outside (to the region) and inside (to the boundary)', () => {
    const territory = geo.resolve('est', { kind: 'territory', party: 'EST' }, 'UN', self);
    const est = rawRings('233').map((r) => densifyRing(r));
    let state = 42;
    const rnd = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (let i = 0; i < 12; i++) {
      const x = 21.5 + 6.5 * rnd();
      const y = 57.4 + 2.4 * rnd();
      const inside = territory.contains(x, y);
      const d = (inside ? territory.boundaryDistance!(x, y, Infinity) : territory.distance(x, y, Infinity))!;
      // The boundary also has land borders with Latvia and Russia: include them (all EST edges).
      // Long edges are split along the lon/lat line as geo draws them, so both measure the same line.
      const ref = bruteEdgeDistance(x, y, est, 3);
      expect(Math.abs(d.metres - ref)).toBeLessThan(0.01);
    }
    expect(territory.distance(24.745, 59.437, 1000)).toEqual({ metres: 0, lon: 24.745, lat: 59.437 });
    expect(territory.distance(10, 50, 100_000)).toBeUndefined();
  });

  it('reject unknown states', () => {
    expect(() => geo.resolve('x', { kind: 'territory', party: 'ATLANTIS' }, 'UN', self)).toThrow(/state "ATLANTIS"/);
    expect(() => geo.resolve('x', { kind: 'territory', party: 'EMPTY' }, 'UN', () => [])).toThrow(/holds no state/);
  });
});

describe('geometry for maps', () => {
  const inside = (g: MultiPolygonCoords, x: number, y: number) => g.some((p) => pointInPolygon(p, x, y));

  it('territories are their polygons; distance-defined regions are traced outlines with closed, counter-clockwise outer rings', () => {
    expect(inside(geo.resolve('ua', { kind: 'territory', party: 'UKR' }, 'UKR', self).geometry(), 33.52, 44.6)).toBe(true);
    expect(inside(geo.resolve('ua', { kind: 'territory', party: 'UKR' }, 'RUS', self).geometry(), 33.52, 44.6)).toBe(false);
    const ts = geo.resolve('ee-ts', { kind: 'territorial-sea', party: 'EST' }, 'UN', self);
    const g = ts.geometry();
    expect(g.length).toBeGreaterThan(0);
    for (const poly of g) {
      const outer = poly[0]!;
      expect(outer[0]).toEqual(outer[outer.length - 1]);
      let a = 0;
      for (let i = 0; i + 1 < outer.length; i++) a += outer[i]![0] * outer[i + 1]![1] - outer[i + 1]![0] * outer[i]![1];
      expect(a).toBeGreaterThan(0);
    }
    // 8 km and 40 km north of the coast at Tallinn (the outline is within one 0.05-degree cell).
    const near = direct(24.75, 59.46, 0, 8_000);
    const far = direct(24.75, 59.46, 0, 40_000);
    expect(ts.contains(...near)).toBe(true);
    expect(inside(g, ...near)).toBe(true);
    expect(ts.contains(...far)).toBe(false);
    expect(inside(g, ...far)).toBe(false);
    const belt = geo.resolve('b', { kind: 'border-belt', between: ['RUS', 'EST'], widthKm: 100 }, 'RUS', self);
    expect(inside(belt.geometry(), 27.3, 59.3)).toBe(true);
    expect(inside(belt.geometry(), 24.745, 59.437)).toBe(false);
  });
});
