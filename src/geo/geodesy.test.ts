/**
 * The pre-filter's error bound and the exact point-to-segment distance, each checked against an
 * independent computation: Karney's inverse from geographiclib called directly, and a golden-section
 * search written here on the segment's GeodesicLine.
 */
import geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { GeodesicSegment, MAX_SEGMENT_DEG, SEGMENT_SHAPE_M, SPHERE_REL_ERROR, lowerBound, lowerFactorNear, nearestOnSegment, sphericalDistance, upperBound } from './geodesy.js';
import { SegmentSet } from './segments.js';
import { RingStore } from './store.js';

const G = geographiclib.Geodesic;
const W = G.WGS84;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A point uniform on the sphere. */
function randomPoint(r: () => number): [number, number] {
  return [-180 + 360 * r(), (Math.asin(2 * r() - 1) * 180) / Math.PI];
}

/** Reference: golden-section search of the geodesic distance along the segment, to 0.1 mm. */
function referenceSegmentDistance(lon: number, lat: number, a: [number, number], b: [number, number]): number {
  const line = W.InverseLine(a[1], a[0], b[1], b[0], G.STANDARD | G.DISTANCE_IN);
  const L = line.s13;
  const f = (s: number) => {
    const q = line.Position(s, G.LATITUDE | G.LONGITUDE);
    return W.Inverse(q.lat2!, q.lon2!, lat, lon, G.DISTANCE).s12!;
  };
  // Coarse scan first, so the bracket holds the global minimum even if the function were not unimodal.
  let bestK = 0;
  let bestF = Infinity;
  const n = 64;
  for (let k = 0; k <= n; k++) {
    const v = f((L * k) / n);
    if (v < bestF) {
      bestF = v;
      bestK = k;
    }
  }
  let lo = (L * Math.max(0, bestK - 1)) / n;
  let hi = (L * Math.min(n, bestK + 1)) / n;
  const phi = (Math.sqrt(5) - 1) / 2;
  while (hi - lo > 1e-4) {
    const c = hi - phi * (hi - lo);
    const d = lo + phi * (hi - lo);
    if (f(c) < f(d)) hi = d;
    else lo = c;
  }
  return Math.min(bestF, f((lo + hi) / 2), f(0), f(L));
}

describe('spherical pre-filter bound', () => {
  it('haversine on R = 6371008.8 m is within 0.56 % of the WGS84 geodesic for random real pairs', () => {
    const r = rng(20240623);
    let worst = 0;
    const check = (lon1: number, lat1: number, lon2: number, lat2: number) => {
      const g = W.Inverse(lat1, lon1, lat2, lon2, G.DISTANCE).s12!;
      const s = sphericalDistance(lon1, lat1, lon2, lat2);
      if (g < 1) return;
      const rel = Math.abs(g - s) / s;
      if (rel > worst) worst = rel;
      expect(Math.abs(g - s)).toBeLessThanOrEqual(SPHERE_REL_ERROR * s);
    };
    // Uniform pairs over the globe (any length), then short pairs at any latitude and direction,
    // including the equatorial north-south lines where the error peaks (-0.558 %).
    for (let i = 0; i < 20000; i++) {
      const [a, b] = randomPoint(r);
      const [c, d] = randomPoint(r);
      check(a, b, c, d);
    }
    for (let i = 0; i < 20000; i++) {
      const [a, b] = randomPoint(r);
      const len = 10 ** (1 + 5 * r());
      const az = 360 * r();
      const q = W.Direct(b, a, az, len, G.LATITUDE | G.LONGITUDE);
      check(a, b, q.lon2!, q.lat2!);
    }
    for (let i = 0; i < 2000; i++) {
      const lat = (r() - 0.5) * 2;
      check(0, lat, 0, lat + 0.01 + r());
    }
    expect(worst).toBeGreaterThan(0.0055);
    expect(worst).toBeLessThan(SPHERE_REL_ERROR);
  });

  it('the local lower factor holds for random pairs within its radius (and is tighter away from the equator)', () => {
    const r = rng(31);
    for (let i = 0; i < 20000; i++) {
      const lat = -89 + 178 * r();
      const radius = 10 ** (3 + 3.3 * r());
      // Geodesic radius; the factor wants spherical metres, which are at most 0.56 % more.
      const f = lowerFactorNear(lat, radius * 1.0057);
      const p = W.Direct(lat, -180 + 360 * r(), 360 * r(), radius * r(), G.LATITUDE | G.LONGITUDE);
      const q = W.Direct(lat, p.lon1!, 360 * r(), radius * r(), G.LATITUDE | G.LONGITUDE);
      // p and q are both within `radius` of (lat, p.lon1).
      const g = W.Inverse(p.lat2!, p.lon2!, q.lat2!, q.lon2!, G.DISTANCE).s12!;
      const s = sphericalDistance(p.lon2!, p.lat2!, q.lon2!, q.lat2!);
      expect(g).toBeGreaterThanOrEqual(f * s - 1e-6);
    }
    expect(lowerFactorNear(55, 300_000)).toBeGreaterThan(1.0002);
    expect(lowerFactorNear(0, 300_000)).toBeCloseTo(1 - 0.00558, 4);
  });

  it('the point-to-arc estimate brackets the exact point-to-segment distance within 0.56 % + 1 m', () => {
    const r = rng(7);
    for (let i = 0; i < 1500; i++) {
      const a = randomPoint(r);
      a[1] = Math.max(-85, Math.min(85, a[1]));
      const b: [number, number] = [a[0] + (r() - 0.5) * 2 * MAX_SEGMENT_DEG, a[1] + (r() - 0.5) * 2 * MAX_SEGMENT_DEG];
      if (b[0] > 180 || b[0] < -180) continue;
      const q = W.Direct(a[1], a[0], 360 * r(), 10 ** (1 + 5.3 * r()), G.LATITUDE | G.LONGITUDE);
      const store = new RingStore([[[[a, b, a]]]]);
      const set = new SegmentSet(store, Int32Array.from([0]));
      const s = set.cheap(q.lon2!, q.lat2!, Infinity);
      const exact = referenceSegmentDistance(q.lon2!, q.lat2!, a, b);
      expect(exact).toBeGreaterThanOrEqual(lowerBound(s));
      expect(exact).toBeLessThanOrEqual(upperBound(s));
    }
    expect(SEGMENT_SHAPE_M).toBe(1);
  });

  it('the straight lon/lat edge and the geodesic between the same vertices stay within 1.5 m for 0.05-degree edges up to 85 degrees', () => {
    // This is what lets planar point-in-polygon and geodesic distances share one boundary: the
    // lon/lat line departs from the geodesic by a metre at most (about (dLon)^2 sin 2lat / 16 R for
    // the east-west part, more for diagonal edges).
    const r = rng(99);
    let worst = 0;
    for (let i = 0; i < 3000; i++) {
      const lat = -85 + 170 * r();
      const lon = -179 + 358 * r();
      const a: [number, number] = [lon, lat];
      const b: [number, number] = [lon + (r() - 0.5) * 2 * MAX_SEGMENT_DEG, lat + (r() - 0.5) * 2 * MAX_SEGMENT_DEG];
      const mid: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const d = referenceSegmentDistance(mid[0], mid[1], a, b);
      worst = Math.max(worst, d);
    }
    expect(worst).toBeLessThan(1.5);
  });
});

describe('exact distance from a point to a geodesic segment', () => {
  it('agrees with an independent golden-section search to 1 cm, near and far, at any latitude', () => {
    const r = rng(12345);
    for (let i = 0; i < 400; i++) {
      const a = randomPoint(r);
      a[1] = Math.max(-89, Math.min(89, a[1]));
      // Segments from 1 m to 50 km long; points from 1 m to 9,000 km away.
      const seg = W.Direct(a[1], a[0], 360 * r(), 10 ** (5.7 * r()), G.LATITUDE | G.LONGITUDE);
      const b: [number, number] = [seg.lon2!, seg.lat2!];
      const p = W.Direct(a[1], a[0], 360 * r(), 10 ** (6.95 * r()), G.LATITUDE | G.LONGITUDE);
      const got = nearestOnSegment(p.lon2!, p.lat2!, a[0], a[1], b[0], b[1], r());
      const want = referenceSegmentDistance(p.lon2!, p.lat2!, a, b);
      expect(Math.abs(got.metres - want)).toBeLessThan(0.01);
      // The nearest point is a real point at that distance.
      const back = W.Inverse(got.lat, got.lon, p.lat2!, p.lon2!, G.DISTANCE).s12!;
      expect(Math.abs(back - got.metres)).toBeLessThan(1e-6);
    }
  });

  it('gives a kept segment the same figures as one set up afresh, for points near its ends and off its middle', () => {
    // A real stretch of coast: Narva-Joesuu to the Luga bay, one 0.05-degree edge (densified rings).
    const a: [number, number] = [28.0, 59.46];
    const b: [number, number] = [28.05, 59.47];
    const kept = new GeodesicSegment(a[0], a[1], b[0], b[1]);
    const r = rng(77);
    let atEnds = 0;
    for (let i = 0; i < 300; i++) {
      // Fixes of a ship jittering a few metres about three berths: beyond each end and abeam the middle.
      // The third: 2 km off the middle, square to the segment.
    const mid = kept.nearest(28.025, 59.465, 0.5);
    const square = W.Inverse(a[1], a[0], b[1], b[0], G.AZIMUTH).azi1! + 90;
    const off = W.Direct(mid.lat, mid.lon, square, 2000, G.LATITUDE | G.LONGITUDE);
    const berths: [number, number][] = [[27.9, 59.44], [28.15, 59.5], [off.lon2!, off.lat2!]];
      const [lon, lat] = berths[i % 3]!;
      const p: [number, number] = [lon + (r() - 0.5) * 1e-4, lat + (r() - 0.5) * 1e-4];
      const guess = i % 3 === 2 ? 0.5 : i % 3;
      const got = kept.nearest(p[0], p[1], guess);
      const fresh = nearestOnSegment(p[0], p[1], a[0], a[1], b[0], b[1], guess);
      expect(got).toEqual(fresh);
      if (got.along === 0 || got.along === kept.length) atEnds++;
    }
    // Two berths of three lie beyond an end, where the kept end positions are what is reused.
    expect(atEnds).toBe(200);
  });

  it('finds a perpendicular foot exactly: 10 km off the middle of a meridian segment at 60 N', () => {
    // On a meridian the foot of a point on the same parallel... is not on that parallel on the
    // ellipsoid, so compare with the reference rather than with the parallel.
    const a: [number, number] = [25, 59.9];
    const b: [number, number] = [25, 60.1];
    const p = W.Direct(60, 25, 90, 10_000, G.LATITUDE | G.LONGITUDE);
    const got = nearestOnSegment(p.lon2!, p.lat2!, a[0], a[1], b[0], b[1]);
    expect(got.metres).toBeCloseTo(referenceSegmentDistance(p.lon2!, p.lat2!, a, b), 2);
    expect(got.metres).toBeGreaterThan(9999);
    expect(got.metres).toBeLessThanOrEqual(10_000);
  });
});
