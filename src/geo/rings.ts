/**
 * Ring surgery done once at load time: cutting polygons at the antimeridian, densifying long edges,
 * clipping to a box, areas. Everything downstream assumes rings lie within [-180, 180] and that no
 * edge is longer than MAX_SEGMENT_DEG.
 */
import polygonClipping from 'polygon-clipping';
import { MAX_SEGMENT_DEG, R_SPHERE } from './geodesy.js';
import type { MultiPolygonCoords, Position2, Ring } from './types.js';

type Polygon = Ring[];

/** Above this many vertices a polygon is cut with Sutherland-Hodgman rather than polygon-clipping. */
const BIG_RING = 20_000;

/**
 * Unwraps a ring so consecutive vertices never differ by more than 180 degrees of longitude: a jump
 * larger than that is an edge crossing the antimeridian the short way round, as GeoJSON writers mean
 * it. Returns the unwrapped ring and the net longitude shift accumulated around it (0 for an
 * ordinary ring, +-360 for a ring that encircles a pole).
 */
function unwrap(ring: Ring): { ring: Ring; shift: number } {
  const out: Ring = [];
  let offset = 0;
  let prev = NaN;
  for (const [x, y] of ring) {
    if (!Number.isNaN(prev)) {
      const d = x + offset - prev;
      if (d > 180) offset -= 360;
      else if (d < -180) offset += 360;
    }
    const ux = x + offset;
    out.push([ux, y]);
    prev = ux;
  }
  const first = out[0];
  const last = out[out.length - 1];
  const shift = first && last ? Math.round((last[0] - first[0]) / 360) * 360 : 0;
  return { ring: out, shift };
}

function hasJump(ring: Ring): boolean {
  for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i]![0] - ring[i - 1]![0]) > 180) return true;
  return false;
}

function closeRing(r: Ring): Ring {
  const a = r[0];
  const b = r[r.length - 1];
  if (a && b && (a[0] !== b[0] || a[1] !== b[1])) return [...r, [a[0], a[1]]];
  return r;
}

/**
 * Cuts one polygon (outer ring then holes) at the antimeridian into parts within [-180, 180].
 *
 * Rings are unwrapped (see `unwrap`); a ring whose unwrapping does not close encircles a pole
 * (Antarctica in Natural Earth) and is closed along the pole's parallel. Holes are shifted by whole
 * turns to sit inside their outer ring. The unwrapped polygon, which may now reach beyond +-180, is
 * intersected with the windows [-540, -180], [-180, 180] and [180, 540] and each piece is shifted
 * back by its window's multiple of 360. The cut leaves edges lying on +-180: they are artefacts of
 * the cut, and `isArtificialEdge` lets boundary-distance code skip them.
 */
export function cutAtAntimeridian(polygon: Polygon): Polygon[] {
  const outer = polygon[0];
  if (!outer || outer.length < 4) return [];
  const needsCut = polygon.some(hasJump) || polygon.some((r) => r.some(([x]) => x < -180 || x > 180));
  if (!needsCut) return [polygon];
  const rings: Ring[] = [];
  const o = unwrap(closeRing(outer));
  let outerRing = o.ring;
  if (o.shift !== 0) {
    // Encircles a pole: walk along the pole's parallel back to the start.
    const meanLat = outerRing.reduce((s, p) => s + p[1], 0) / outerRing.length;
    const pole = meanLat < 0 ? -90 : 90;
    const start = outerRing[0]!;
    const end = outerRing[outerRing.length - 1]!;
    outerRing = [...outerRing, [end[0], pole], [start[0], pole], [start[0], start[1]]];
  }
  rings.push(outerRing);
  let minX = Infinity;
  let maxX = -Infinity;
  for (const [x] of outerRing) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
  }
  const mid = (minX + maxX) / 2;
  for (const hole of polygon.slice(1)) {
    const h = unwrap(closeRing(hole)).ring;
    const hx = h[0]?.[0] ?? mid;
    const k = Math.round((mid - hx) / 360);
    rings.push(k === 0 ? h : h.map(([x, y]) => [x + 360 * k, y] as Position2));
  }
  if (minX >= -180 && maxX <= 180) {
    // A pole-encircling ring closed along the pole spans exactly [-180, 180]: nothing to cut.
    return [rings.map((r) => r.map(([x, y]) => [clampLon(x), y] as Position2))];
  }
  const out: Polygon[] = [];
  const vertices = rings.reduce((n, r) => n + r.length, 0);
  for (let w = -1; w <= 1; w++) {
    const x0 = -180 + 360 * w;
    const x1 = 180 + 360 * w;
    if (maxX <= x0 || minX >= x1) continue;
    const shift = (r: Ring) => r.map(([x, y]) => [clampLon(x - 360 * w), y] as Position2);
    if (vertices > BIG_RING) {
      // Sutherland-Hodgman per ring: linear time for the continent-sized rings of the land layer.
      // Where a ring re-enters the window it leaves zero-width runs along the cut line; they lie on
      // +-180 (artificial edges, skipped by distances) and cancel in even-odd point-in-polygon.
      const outerPart = clipRingToBox(rings[0]!, x0, -90, x1, 90);
      if (!outerPart) continue;
      const holes = rings.slice(1).map((r) => clipRingToBox(r, x0, -90, x1, 90)).filter((r): r is Ring => !!r);
      out.push([shift(outerPart), ...holes.map(shift)]);
      continue;
    }
    const window: Polygon = [[[x0, -90], [x1, -90], [x1, 90], [x0, 90], [x0, -90]]];
    const pieces = polygonClipping.intersection(rings as polygonClipping.Polygon, window as polygonClipping.Polygon);
    for (const piece of pieces) out.push(piece.map(shift));
  }
  return out;
}

function clampLon(x: number): number {
  return x < -180 ? -180 : x > 180 ? 180 : x;
}

/** An edge that exists only because of the antimeridian cut or a pole closure, not on the ground. */
export function isArtificialEdge(ax: number, ay: number, bx: number, by: number): boolean {
  if (Math.abs(ax) === 180 && ax === bx) return true;
  if (Math.abs(ay) === 90 && ay === by) return true;
  return false;
}

/**
 * Splits every edge longer than `maxDeg` (in longitude or latitude) into equal parts along the
 * straight lon/lat line, so that the planar edge used by point-in-polygon and the geodesic used by
 * distances stay within about a metre of each other (geodesy.test.ts measures it). Edges on +-180 and along the poles are left whole.
 */
export function densifyRing(ring: Ring, maxDeg = MAX_SEGMENT_DEG): Ring {
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    out.push(a);
    const b = ring[i + 1];
    if (!b) break;
    if (isArtificialEdge(a[0], a[1], b[0], b[1])) continue;
    const n = Math.ceil(Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1])) / maxDeg);
    for (let k = 1; k < n; k++) out.push([a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n]);
  }
  return out;
}

export function densifyPolygons(polys: MultiPolygonCoords, maxDeg = MAX_SEGMENT_DEG): MultiPolygonCoords {
  return polys.map((p) => p.map((r) => densifyRing(r, maxDeg)));
}

/**
 * Sutherland-Hodgman clip of one ring to a box. The result can carry zero-width runs along the box
 * edge; that is harmless for even-odd point-in-polygon and for polygon-clipping inside the box.
 */
export function clipRingToBox(ring: Ring, x0: number, y0: number, x1: number, y1: number): Ring | undefined {
  let pts: Ring = ring.slice(0, ring.length - 1);
  const pass = (inside: (p: Position2) => boolean, cut: (a: Position2, b: Position2) => Position2) => {
    const out: Ring = [];
    const n = pts.length;
    for (let i = 0; i < n; i++) {
      const a = pts[(i + n - 1) % n]!;
      const b = pts[i]!;
      const ia = inside(a);
      const ib = inside(b);
      if (ib) {
        if (!ia) out.push(cut(a, b));
        out.push(b);
      } else if (ia) out.push(cut(a, b));
    }
    pts = out;
  };
  const atX = (x: number) => (a: Position2, b: Position2): Position2 => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  const atY = (y: number) => (a: Position2, b: Position2): Position2 => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
  pass((p) => p[0] >= x0, atX(x0));
  pass((p) => p[0] <= x1, atX(x1));
  pass((p) => p[1] >= y0, atY(y0));
  pass((p) => p[1] <= y1, atY(y1));
  if (pts.length < 3) return undefined;
  const f = pts[0]!;
  pts.push([f[0], f[1]]);
  return pts;
}

export type BBox = [number, number, number, number];

export function ringBBox(ring: Ring): BBox {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (const [x, y] of ring) {
    if (x < a) a = x;
    if (y < b) b = y;
    if (x > c) c = x;
    if (y > d) d = y;
  }
  return [a, b, c, d];
}

export function polygonsBBox(polys: MultiPolygonCoords): BBox {
  const bb: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of polys) {
    const outer = p[0];
    if (!outer) continue;
    const r = ringBBox(outer);
    bb[0] = Math.min(bb[0], r[0]);
    bb[1] = Math.min(bb[1], r[1]);
    bb[2] = Math.max(bb[2], r[2]);
    bb[3] = Math.max(bb[3], r[3]);
  }
  return bb;
}

export function bboxesIntersect(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! <= b[2]! && a[2]! >= b[0]! && a[1]! <= b[3]! && a[3]! >= b[1]!;
}

/** Area of a ring on the sphere R_SPHERE, square metres, unsigned (lon/lat edges as in the data). */
export function ringAreaM2(ring: Ring): number {
  let a = 0;
  const d = Math.PI / 180;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    a += (x2 - x1) * d * (2 + Math.sin(y1 * d) + Math.sin(y2 * d));
  }
  return (Math.abs(a) / 2) * R_SPHERE * R_SPHERE;
}

export function polygonAreaM2(p: Polygon): number {
  let a = 0;
  p.forEach((r, i) => (a += (i === 0 ? 1 : -1) * ringAreaM2(r)));
  return a;
}

/** Even-odd point-in-polygon on one polygon's rings; for load-time checks, not hot paths. */
export function pointInPolygon(p: Polygon, x: number, y: number): boolean {
  let c = false;
  for (const ring of p) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}
