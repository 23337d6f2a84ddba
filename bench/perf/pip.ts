/**
 * Point-in-place on one core: Redline's prepared regions against turf's `booleanPointInPolygon`
 * (each polygon's bounding box first) and against an R-tree of the polygons' boxes (flatbush) with
 * even-odd ray casting, on the workload's real positions and the bench places. Each leg runs until
 * it has answered every point or its time budget is spent, and is compared with Redline's answers
 * on the points it answered (boundary points may go either way: differences are counted, and
 * printed when there are more than a handful).
 */
import Flatbush from 'flatbush';
import type { Region } from '../../src/geo/types.js';
import type { BenchPositions, Polygons } from './spec.js';
import { bboxOf, boxed, insideAny } from './turf-leg.js';

export interface PipLeg {
  name: string;
  points: number;
  ms: number;
  perSecond: number;
  /** Answers that differ from Redline's on the same points. */
  differ: number;
}

export interface PipPlace {
  id: string;
  polygons: Polygons;
  region: Region;
}

type Answer = (x: number, y: number) => boolean;

function timed(name: string, p: BenchPositions, places: Answer[], budgetMs: number, reference?: Uint8Array): { leg: PipLeg; answers: Uint8Array } {
  const answers = new Uint8Array(p.n * places.length);
  const t0 = performance.now();
  let i = 0;
  const CHUNK = 4096;
  while (i < p.n) {
    const end = Math.min(p.n, i + CHUNK);
    for (let k = 0; k < places.length; k++) {
      const f = places[k]!;
      for (let j = i; j < end; j++) answers[j * places.length + k] = f(p.lon[j]!, p.lat[j]!) ? 1 : 0;
    }
    i = end;
    if (performance.now() - t0 > budgetMs) break;
  }
  const ms = performance.now() - t0;
  let differ = 0;
  if (reference) for (let j = 0; j < i * places.length; j++) if (answers[j] !== reference[j]) differ++;
  const tests = i * places.length;
  return { leg: { name, points: tests, ms, perSecond: tests / (ms / 1000), differ }, answers };
}

/** turf's answer, each polygon's box first (the same test as the turf leg's). */
function turfPlace(polygons: Polygons): Answer {
  const parts = boxed(polygons);
  return (x, y) => insideAny(parts, x, y);
}

/** Even-odd crossing test over flat rings ([x0, y0, x1, y1, ...], closed). */
function crossings(ring: Float64Array, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    const yi = ring[i + 1]!;
    const yj = ring[j + 1]!;
    if (yi > y !== yj > y && x < ((ring[j]! - ring[i]!) * (y - yi)) / (yj - yi) + ring[i]!) inside = !inside;
  }
  return inside;
}

function rtreePlace(polygons: Polygons): Answer {
  const parts = polygons.map((rings) => rings.map((r) => Float64Array.from(r.flat())));
  const index = new Flatbush(Math.max(1, polygons.length));
  for (const rings of polygons) {
    const b = bboxOf(rings[0]!);
    index.add(b[0], b[1], b[2], b[3]);
  }
  if (!polygons.length) index.add(0, 0, 0, 0);
  index.finish();
  return (x, y) => {
    for (const k of index.search(x, y, x, y)) {
      const rings = parts[k];
      if (!rings || !crossings(rings[0]!, x, y)) continue;
      let hole = false;
      for (let h = 1; h < rings.length && !hole; h++) hole = crossings(rings[h]!, x, y);
      if (!hole) return true;
    }
    return false;
  };
}

export function runPip(p: BenchPositions, places: PipPlace[], budgetMs: number): PipLeg[] {
  const redline = timed('redline (prepared regions)', p, places.map((pl) => (x: number, y: number) => pl.region.contains(x, y)), Infinity);
  const rtree = timed('R-tree + ray casting (flatbush)', p, places.map((pl) => rtreePlace(pl.polygons)), budgetMs, redline.answers);
  const turf = timed('turf booleanPointInPolygon + bbox', p, places.map((pl) => turfPlace(pl.polygons)), budgetMs, redline.answers);
  return [redline.leg, rtree.leg, turf.leg];
}
