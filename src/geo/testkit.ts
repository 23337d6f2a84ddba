/**
 * Independent reference computations for the geo tests: the raw Natural Earth data read straight
 * from world-atlas with topojson-client, and brute-force geodesic distances written without any of
 * geo's indexes, bounds or iteration (geographiclib's inverse to every vertex, golden-section search
 * along every edge). Slow by design; tests only.
 */
import geographiclib from 'geographiclib-geodesic';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as topojson from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Ring } from './types.js';

const G = geographiclib.Geodesic;
const W = G.WGS84;

let cached: { topo: Topology; obj: GeometryCollection } | undefined;

export function atlas(): { topo: Topology; obj: GeometryCollection } {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8')) as Topology;
    cached = { topo, obj: topo.objects['countries'] as GeometryCollection };
  }
  return cached;
}

/** The rings of the world-atlas features with these ISO numeric ids, as drawn (not cut, not densified). */
export function rawRings(...numericIds: string[]): Ring[] {
  const { topo, obj } = atlas();
  const out: Ring[] = [];
  for (const g of obj.geometries) {
    if (!numericIds.includes(String(g.id))) continue;
    const f = topojson.feature(topo, g) as unknown as { geometry: { type: string; coordinates: Ring[] | Ring[][] } };
    const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
    for (const p of polys) out.push(...p);
  }
  return out;
}

/** The lines of arcs world-atlas shares between two features (topojson.mesh). */
export function sharedArcs(idA: string, idB: string): Ring[] {
  const { topo, obj } = atlas();
  const m = topojson.mesh(topo, obj, (a, b) => (a.id === idA && b.id === idB) || (a.id === idB && b.id === idA));
  return m.coordinates as Ring[];
}

export function inverse(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return W.Inverse(lat1, lon1, lat2, lon2, G.DISTANCE).s12!;
}

export function direct(lon: number, lat: number, azimuth: number, metres: number): [number, number] {
  const r = W.Direct(lat, lon, azimuth, metres, G.LATITUDE | G.LONGITUDE);
  return [r.lon2!, r.lat2!];
}

/** Geodesic distance from a point to the geodesic edge a-b: coarse scan, then golden section to 0.1 mm. */
export function edgeDistance(lon: number, lat: number, a: readonly number[], b: readonly number[]): number {
  const line = W.InverseLine(a[1]!, a[0]!, b[1]!, b[0]!, G.STANDARD | G.DISTANCE_IN);
  const L = line.s13;
  const f = (s: number) => {
    const q = line.Position(s, G.LATITUDE | G.LONGITUDE);
    return W.Inverse(q.lat2!, q.lon2!, lat, lon, G.DISTANCE).s12!;
  };
  const n = 16;
  let bestK = 0;
  let best = Infinity;
  for (let k = 0; k <= n; k++) {
    const v = f((L * k) / n);
    if (v < best) {
      best = v;
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
  return Math.min(best, f((lo + hi) / 2));
}

/** Brute force: distance from a point to the nearest edge of the rings, skipping edges whose box is further than `boxDeg`. */
export function bruteEdgeDistance(lon: number, lat: number, rings: Ring[], boxDeg = 2): number {
  let best = Infinity;
  for (const r of rings)
    for (let i = 1; i < r.length; i++) {
      const a = r[i - 1]!;
      const b = r[i]!;
      if (Math.min(a[0], b[0]) > lon + boxDeg * 2 || Math.max(a[0], b[0]) < lon - boxDeg * 2) continue;
      if (Math.min(a[1], b[1]) > lat + boxDeg || Math.max(a[1], b[1]) < lat - boxDeg) continue;
      best = Math.min(best, edgeDistance(lon, lat, a, b));
    }
  return best;
}

/** Brute force: distance from a point to the nearest vertex of the rings (an upper bound on the edge distance). */
export function bruteVertexDistance(lon: number, lat: number, rings: Ring[]): number {
  let best = Infinity;
  for (const r of rings) for (const [x, y] of r) best = Math.min(best, inverse(lon, lat, x, y));
  return best;
}

/** The vertex of the rings nearest to a point (to read a coastline vertex from the data). */
export function nearestVertex(lon: number, lat: number, rings: Ring[]): [number, number] {
  let best = Infinity;
  let at: [number, number] = [NaN, NaN];
  for (const r of rings)
    for (const [x, y] of r) {
      const d = inverse(lon, lat, x, y);
      if (d < best) {
        best = d;
        at = [x, y];
      }
    }
  return at;
}
