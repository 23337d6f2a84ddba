/**
 * Distances from a point to a set of boundary segments (coasts, borders, sea limits).
 *
 * `cheap` is the pre-filter: the great-circle point-to-arc distance on the sphere R_SPHERE to the
 * nearest segment; callers turn it into a bracket of the exact figure with `lowerBound`/`upperBound`
 * (geodesy.ts). `nearest` is the exact answer: it brackets every candidate that way, then runs
 * Karney's geodesic (nearestOnSegment) on candidates in order of their lower bound until the next
 * lower bound exceeds the best exact distance found, so no segment the bound cannot exclude is
 * skipped.
 *
 * Candidates come from one of two indexes. Within SMALL_RADIUS_M, a flatbush search of the lon/lat
 * boxes that meet the cap around the point. Further out a lon/lat box covers far more than the cap
 * (at 60 N a 500 km cap's box is twice its area, full of coastline that cannot be nearest), so a
 * tree of spherical caps is walked instead: segments are ordered along a Hilbert curve of their
 * midpoints, runs of FANOUT consecutive segments get a cap (centre and angular radius), runs of
 * FANOUT caps get a cap, and so on up to one root; a cap further than the current search radius is
 * skipped with everything under it.
 */
import Flatbush from 'flatbush';
import { GeodesicSegment, R_SPHERE, SEGMENT_SHAPE_M, SPHERE_REL_ERROR, lowerFactorNear, sphericalDistance, sphericalReach, upperBound } from './geodesy.js';
import type { RingStore } from './store.js';
import type { Nearest } from './types.js';

const DEG = Math.PI / 180;
/**
 * Segment boxes are padded by this much (degrees) so that the great-circle arc between two vertices,
 * which departs from the straight lon/lat edge by ~1e-5 degrees at most for our 0.05-degree segments,
 * and float32 rounding of the boxes, stay inside them.
 */
const BOX_PAD = 0.002;
/** Searches wider than this (spherical metres) walk the cap hierarchy instead of flatbush. */
const SMALL_RADIUS_M = 50_000;
const FANOUT = 16;

/** Candidate scratch buffers, reused between calls. */
let candIdx = new Int32Array(1024);
let candS = new Float64Array(1024);

/** The candidates `nearest` keeps, in order (as long as the candidate buffers). */
let orderK = new Int32Array(1024);
let orderS = new Float64Array(1024);

function pushCandidate(i: number, k: number, s: number): void {
  if (i === candIdx.length) {
    const i2 = new Int32Array(i * 2);
    i2.set(candIdx);
    candIdx = i2;
    const s2 = new Float64Array(i * 2);
    s2.set(candS);
    candS = s2;
    orderK = new Int32Array(i * 2);
    orderS = new Float64Array(i * 2);
  }
  candIdx[i] = k;
  candS[i] = s;
}

/**
 * Orders the first m kept candidates nearest first; ties (segments meeting at the nearest vertex)
 * go to the lower segment number, whichever way the candidates came. They are usually a handful:
 * an insertion sort in place, nothing allocated; many go to the library's sort.
 */
function sortCandidates(m: number): void {
  if (m > 32) {
    const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => orderS[a]! - orderS[b]! || orderK[a]! - orderK[b]!);
    const s = Float64Array.from(order, (i) => orderS[i]!);
    const k = Int32Array.from(order, (i) => orderK[i]!);
    orderS.set(s);
    orderK.set(k);
    return;
  }
  for (let i = 1; i < m; i++) {
    const s = orderS[i]!;
    const k = orderK[i]!;
    let j = i;
    while (j > 0 && (orderS[j - 1]! > s || (orderS[j - 1] === s && orderK[j - 1]! > k))) {
      orderS[j] = orderS[j - 1]!;
      orderK[j] = orderK[j - 1]!;
      j--;
    }
    orderS[j] = s;
    orderK[j] = k;
  }
}

/** Segments kept near the last point searched (SegmentSet.keepNear): at most this many... */
const NEAR_MAX = 256;
/** ...within the radius searched plus this much, or this fraction of it if more. */
const NEAR_PAD_M = 10_000;
const NEAR_PAD_FRACTION = 0.1;
/**
 * Segments whose geodesic is kept set up (GeodesicSegment), the most recently asked: the fixes of a
 * ship near a coast ask for the same few, fix after fix. (Each keeps a line's coefficients, about a
 * kilobyte.)
 */
const GEODESICS_KEPT = 2048;

function angle(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const d = ax * bx + ay * by + az * bz;
  return Math.acos(d > 1 ? 1 : d < -1 ? -1 : d);
}

/** Centres and angular radii of caps holding every point of consecutive runs of items. */
class CapLevel {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly r: Float64Array;
  constructor(n: number) {
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.z = new Float64Array(n);
    this.r = new Float64Array(n);
  }
}

export class SegmentSet {
  readonly size: number;
  private readonly index: Flatbush | undefined;
  /** Segment ids in Hilbert order (the k used everywhere below indexes this). */
  private readonly ids: Int32Array;
  /** levels[0] caps runs of FANOUT segments, levels[i] runs of FANOUT caps of levels[i - 1]. */
  private readonly levels: CapLevel[] = [];
  /** After `cheap`: the segment that gave the minimum. */
  lastSegment = -1;
  /** Fraction along the arc of the last `arcDistance` foot point (0 or 1 at the ends). */
  private t = 0.5;
  /** Of the last `nearest` candidates: the lower factor and the cut they were filtered by. */
  private lowerFactor = 1;
  private cut = Infinity;
  /**
   * The segments near the last point whose search had to walk the index (see `keepNear`): its unit
   * vector, the spherical radius they cover, and their numbers.
   */
  private nearX = 0;
  private nearY = 0;
  private nearZ = 0;
  private nearRadius = -1;
  private nearIds = new Int32Array(NEAR_MAX);
  /** Their spherical distances from that point, ascending. */
  private nearS = new Float64Array(NEAR_MAX);
  private nearCount = 0;
  /** Set-up geodesics of recently measured segments, oldest first (Map order). */
  private readonly geodesics = new Map<number, GeodesicSegment>();

  constructor(
    private readonly store: RingStore,
    ids: Int32Array,
  ) {
    this.size = ids.length;
    const { lon, lat, edgeV0, ux, uy, uz } = store;
    // Hilbert order of midpoints: consecutive runs are compact, so their caps are small.
    const keys = new Float64Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const v = edgeV0[ids[k]!]!;
      const mx = (lon[v]! + lon[v + 1]! + 360) / 720;
      const my = (lat[v]! + lat[v + 1]! + 180) / 360;
      keys[k] = hilbert(Math.min(65535, Math.floor(mx * 65536)), Math.min(65535, Math.floor(my * 65536)));
    }
    const order = Array.from(ids.keys()).sort((a, b) => keys[a]! - keys[b]!);
    this.ids = Int32Array.from(order, (k) => ids[k]!);
    if (ids.length === 0) return;
    const index = new Flatbush(ids.length, 16, Float32Array);
    for (let k = 0; k < this.ids.length; k++) {
      const v = edgeV0[this.ids[k]!]!;
      const ax = lon[v]!;
      const ay = lat[v]!;
      const bx = lon[v + 1]!;
      const by = lat[v + 1]!;
      index.add(Math.min(ax, bx) - BOX_PAD, Math.min(ay, by) - BOX_PAD, Math.max(ax, bx) + BOX_PAD, Math.max(ay, by) + BOX_PAD);
    }
    index.finish();
    this.index = index;
    // Level 0: caps of runs of segments. A cap smaller than a hemisphere is convex, so holding
    // both ends of an arc holds the arc; anything wider gets radius pi and is never pruned.
    const n0 = Math.ceil(this.ids.length / FANOUT);
    const l0 = new CapLevel(n0);
    for (let c = 0; c < n0; c++) {
      const k0 = c * FANOUT;
      const k1 = Math.min(this.ids.length, k0 + FANOUT);
      let sx = 0;
      let sy = 0;
      let sz = 0;
      for (let k = k0; k < k1; k++) {
        const v = edgeV0[this.ids[k]!]!;
        sx += ux[v]! + ux[v + 1]!;
        sy += uy[v]! + uy[v + 1]!;
        sz += uz[v]! + uz[v + 1]!;
      }
      const nrm = Math.sqrt(sx * sx + sy * sy + sz * sz);
      let r = Math.PI;
      if (nrm > 1e-9) {
        sx /= nrm;
        sy /= nrm;
        sz /= nrm;
        r = 0;
        for (let k = k0; k < k1; k++) {
          const v = edgeV0[this.ids[k]!]!;
          r = Math.max(r, angle(sx, sy, sz, ux[v]!, uy[v]!, uz[v]!), angle(sx, sy, sz, ux[v + 1]!, uy[v + 1]!, uz[v + 1]!));
        }
        r = r >= Math.PI / 2 ? Math.PI : r + 1e-9;
      }
      l0.x[c] = sx;
      l0.y[c] = sy;
      l0.z[c] = sz;
      l0.r[c] = r;
    }
    this.levels.push(l0);
    let below = l0;
    while (below.r.length > 1) {
      const n = Math.ceil(below.r.length / FANOUT);
      const up = new CapLevel(n);
      for (let g = 0; g < n; g++) {
        const c0 = g * FANOUT;
        const c1 = Math.min(below.r.length, c0 + FANOUT);
        let sx = 0;
        let sy = 0;
        let sz = 0;
        for (let c = c0; c < c1; c++) {
          sx += below.x[c]!;
          sy += below.y[c]!;
          sz += below.z[c]!;
        }
        const nrm = Math.sqrt(sx * sx + sy * sy + sz * sz);
        let r = Math.PI;
        if (nrm > 1e-9) {
          sx /= nrm;
          sy /= nrm;
          sz /= nrm;
          r = 0;
          for (let c = c0; c < c1; c++) r = Math.max(r, angle(sx, sy, sz, below.x[c]!, below.y[c]!, below.z[c]!) + below.r[c]!);
          r = Math.min(Math.PI, r + 1e-9);
        }
        up.x[g] = sx;
        up.y[g] = sy;
        up.z[g] = sz;
        up.r[g] = r;
      }
      this.levels.push(up);
      below = up;
    }
  }

  /** Total length, km on the sphere (for descriptions). */
  lengthKm(): number {
    let m = 0;
    const { lon, lat, edgeV0 } = this.store;
    for (let k = 0; k < this.size; k++) {
      const v = edgeV0[this.ids[k]!]!;
      m += sphericalDistance(lon[v]!, lat[v]!, lon[v + 1]!, lat[v + 1]!);
    }
    return m / 1000;
  }

  /** Segment endpoints, for reports and tests. */
  segment(k: number): [number, number, number, number] {
    const v = this.store.edgeV0[this.ids[k]!]!;
    const { lon, lat } = this.store;
    return [lon[v]!, lat[v]!, lon[v + 1]!, lat[v + 1]!];
  }

  /**
   * Calls `visit` for every segment that may lie within `radius()` metres (spherical) of the point;
   * `radius` is re-read as the walk goes, so a caller that tightens it prunes the rest. Stops when
   * `visit` returns true.
   */
  private scan(lon: number, lat: number, px: number, py: number, pz: number, radius: () => number, visit: (k: number) => boolean): void {
    const index = this.index;
    if (!index) return;
    const r0 = radius();
    if (r0 < 0) return;
    if (r0 <= SMALL_RADIUS_M) {
      let stop = false;
      const f = (k: number): boolean => {
        if (!stop && visit(k)) stop = true;
        return false;
      };
      forCapBoxes(lon, lat, r0, (x0, y0, x1, y1) => {
        if (!stop) index.search(x0, y0, x1, y1, f);
      });
      return;
    }
    this.walk(this.levels.length - 1, 0, px, py, pz, radius, visit);
  }

  /** Depth-first walk of the cap tree below node `node` of level `level`; true when `visit` stopped it. */
  private walk(level: number, node: number, px: number, py: number, pz: number, radius: () => number, visit: (k: number) => boolean): boolean {
    const caps = this.levels[level]!;
    if ((angle(px, py, pz, caps.x[node]!, caps.y[node]!, caps.z[node]!) - caps.r[node]!) * R_SPHERE > radius()) return false;
    const from = node * FANOUT;
    if (level === 0) {
      const to = Math.min(this.size, from + FANOUT);
      for (let k = from; k < to; k++) if (visit(k)) return true;
      return false;
    }
    const to = Math.min(this.levels[level - 1]!.r.length, from + FANOUT);
    for (let c = from; c < to; c++) if (this.walk(level - 1, c, px, py, pz, radius, visit)) return true;
    return false;
  }

  /** A quick upper bound: the distance to the segment whose box is nearest in lon/lat. */
  private firstGuess(lon: number, lat: number, px: number, py: number, pz: number): number {
    const first = this.index?.neighbors(lon, lat, 1)[0];
    return first === undefined ? Infinity : this.arcDistance(first, px, py, pz) * (1 + 1e-9) + 1e-6;
  }

  /**
   * Spherical distance (metres on R_SPHERE) from the point to the nearest segment, looking no
   * further than `maxS`; Infinity when nothing is that close.
   */
  cheap(lon: number, lat: number, maxS: number): number {
    this.lastSegment = -1;
    if (!this.index) return Infinity;
    const cl = Math.cos(lat * DEG);
    const px = cl * Math.cos(lon * DEG);
    const py = cl * Math.sin(lon * DEG);
    const pz = Math.sin(lat * DEG);
    let radius = maxS;
    if (radius > SMALL_RADIUS_M) radius = Math.min(radius, this.firstGuess(lon, lat, px, py, pz));
    let best = Infinity;
    let bestK = -1;
    this.scan(
      lon,
      lat,
      px,
      py,
      pz,
      () => radius,
      (k) => {
        const s = this.arcDistance(k, px, py, pz);
        if (s < best) {
          best = s;
          bestK = k;
          if (s < radius) radius = s;
        }
        return false;
      },
    );
    if (best > maxS) return Infinity;
    this.lastSegment = bestK;
    return best;
  }

  /**
   * Whether some segment lies within spherical distance `s` of the point. Stops at the first one
   * found, so a "yes" is cheap even when the cap is large.
   */
  anyWithin(lon: number, lat: number, s: number): boolean {
    if (!this.index || !(s >= 0)) return false;
    const cl = Math.cos(lat * DEG);
    const px = cl * Math.cos(lon * DEG);
    const py = cl * Math.sin(lon * DEG);
    const pz = Math.sin(lat * DEG);
    let hit = false;
    this.scan(
      lon,
      lat,
      px,
      py,
      pz,
      () => s,
      (k) => (hit = this.arcDistance(k, px, py, pz) <= s),
    );
    return hit;
  }

  /** Great-circle distance from unit vector p to segment k's arc, metres on R_SPHERE. */
  private arcDistance(k: number, px: number, py: number, pz: number): number {
    const st = this.store;
    const e = this.ids[k]!;
    const v = st.edgeV0[e]!;
    const ax = st.ux[v]!;
    const ay = st.uy[v]!;
    const az = st.uz[v]!;
    const bx = st.ux[v + 1]!;
    const by = st.uy[v + 1]!;
    const bz = st.uz[v + 1]!;
    const nx = st.nx[e]!;
    const ny = st.ny[e]!;
    const nz = st.nz[e]!;
    if (nx !== 0 || ny !== 0 || nz !== 0) {
      // p projects inside the arc when it lies on A's forward side and B's backward side:
      // p . (N x A) >= 0 and p . (B x N) >= 0.
      const ea = px * (ny * az - nz * ay) + py * (nz * ax - nx * az) + pz * (nx * ay - ny * ax);
      const eb = px * (by * nz - bz * ny) + py * (bz * nx - bx * nz) + pz * (bx * ny - by * nx);
      if (ea >= 0 && eb >= 0) {
        const d = px * nx + py * ny + pz * nz;
        this.t = ea + eb > 0 ? ea / (ea + eb) : 0.5;
        return R_SPHERE * Math.asin(Math.min(1, Math.abs(d)));
      }
    }
    const dax = px - ax;
    const day = py - ay;
    const daz = pz - az;
    const dbx = px - bx;
    const dby = py - by;
    const dbz = pz - bz;
    const ca = Math.sqrt(dax * dax + day * day + daz * daz);
    const cb = Math.sqrt(dbx * dbx + dby * dby + dbz * dbz);
    this.t = ca <= cb ? 0 : 1;
    return 2 * R_SPHERE * Math.asin(Math.min(1, Math.min(ca, cb) / 2));
  }

  /**
   * Keeps every segment within spherical distance `radius + pad` of the point, if they are few:
   * the next points asked about are usually the next fixes of the same ship (standoff measures a
   * stretch's candidates for its closest one after another), and for a point q within spherical
   * distance e of this one, a segment within r of q is within r + e of this one (the distance to
   * an arc is 1-Lipschitz on the sphere). So while the radius q needs plus e stays within the kept
   * radius, the kept segments are all q's candidates and the index need not be walked again.
   */
  private keepNear(lon: number, lat: number, px: number, py: number, pz: number, radius: number): void {
    const kept = radius + Math.max(NEAR_PAD_M, radius * NEAR_PAD_FRACTION);
    let count = 0;
    this.nearRadius = -1;
    const ids = this.nearIds;
    const ds = this.nearS;
    this.scan(lon, lat, px, py, pz, () => kept, (k) => {
      const s = this.arcDistance(k, px, py, pz);
      if (s > kept) return false;
      if (count === NEAR_MAX) {
        count = -1;
        return true;
      }
      // Kept nearest first (insertion: at most NEAR_MAX), so a later point can stop at the first too far.
      let i = count++;
      while (i > 0 && ds[i - 1]! > s) {
        ids[i] = ids[i - 1]!;
        ds[i] = ds[i - 1]!;
        i--;
      }
      ids[i] = k;
      ds[i] = s;
      return false;
    });
    if (count < 0) return;
    this.nearX = px;
    this.nearY = py;
    this.nearZ = pz;
    this.nearRadius = kept;
    this.nearCount = count;
  }

  /**
   * The candidates of a point from the kept segments (keepNear), in the scratch buffers, with
   * `lowerFactor` and `cut` set as the index walk would set them; -1 when the kept segments may not
   * hold every candidate (the point is too far from where they were kept, or needs a wider radius).
   */
  private fromNear(px: number, py: number, pz: number, lat: number, maxMetres: number): number {
    if (this.nearRadius < 0) return -1;
    const e = angle(px, py, pz, this.nearX, this.nearY, this.nearZ) * R_SPHERE;
    if (!(e < this.nearRadius)) return -1;
    let upper = Infinity;
    const count = this.nearCount;
    let n = 0;
    for (let i = 0; i < count; i++) {
      // A segment s from where they were kept is at least s - e from this point (the distance to an
      // arc is 1-Lipschitz), and the rest are further still: once that is beyond what any lower
      // factor could keep under the cut, `nearest` would drop them all.
      if ((1 - SPHERE_REL_ERROR) * (this.nearS[i]! - e) - SEGMENT_SHAPE_M > Math.min(upper, maxMetres)) break;
      const k = this.nearIds[i]!;
      const s = this.arcDistance(k, px, py, pz);
      pushCandidate(n++, k, s);
      const u = upperBound(s);
      if (u < upper) upper = u;
    }
    const cut = Math.min(upper, maxMetres);
    const f = lowerFactorNear(lat, sphericalReach(cut));
    // Every segment the index walk would have kept lies within this radius of the point.
    if ((cut + SEGMENT_SHAPE_M) / f + e > this.nearRadius) return -1;
    this.lowerFactor = f;
    this.cut = cut;
    return n;
  }

  /** Segment k's geodesic, set up once while it is among the most recently measured. */
  private geodesicOf(k: number): GeodesicSegment {
    const kept = this.geodesics.get(k);
    if (kept) {
      // Asked again: it moves to the newest end.
      this.geodesics.delete(k);
      this.geodesics.set(k, kept);
      return kept;
    }
    const [ax, ay, bx, by] = this.segment(k);
    const g = new GeodesicSegment(ax, ay, bx, by);
    if (this.geodesics.size === GEODESICS_KEPT) this.geodesics.delete(this.geodesics.keys().next().value!);
    this.geodesics.set(k, g);
    return g;
  }

  /**
   * Exact geodesic distance (WGS84) from the point to the nearest segment, with the nearest point;
   * `undefined` when every segment is further than `maxMetres`.
   */
  nearest(lon: number, lat: number, maxMetres: number): (Nearest & { segment: number }) | undefined {
    if (!this.index) return undefined;
    const cl = Math.cos(lat * DEG);
    const px = cl * Math.cos(lon * DEG);
    const py = cl * Math.sin(lon * DEG);
    const pz = Math.sin(lat * DEG);
    let n = this.fromNear(px, py, pz, lat, maxMetres);
    if (n < 0) {
      n = 0;
      let upper = Infinity;
      if (sphericalReach(maxMetres) > SMALL_RADIUS_M) upper = upperBound(this.firstGuess(lon, lat, px, py, pz));
      // The lower bound may use the local factor for everything within the widest radius searched.
      const f = lowerFactorNear(lat, sphericalReach(Math.min(upper, maxMetres)));
      const radius = () => (Math.min(upper, maxMetres) + SEGMENT_SHAPE_M) / f;
      this.scan(lon, lat, px, py, pz, radius, (k) => {
        const s = this.arcDistance(k, px, py, pz);
        if (f * s - SEGMENT_SHAPE_M > Math.min(upper, maxMetres)) return false;
        const u = upperBound(s);
        if (u < upper) upper = u;
        pushCandidate(n++, k, s);
        return false;
      });
      this.lowerFactor = f;
      this.cut = Math.min(upper, maxMetres);
      if (n) this.keepNear(lon, lat, px, py, pz, radius());
    }
    const f = this.lowerFactor;
    const lower = (s: number) => f * s - SEGMENT_SHAPE_M;
    if (n === 0) return undefined;
    const cut = this.cut;
    // The candidates the bound keeps, nearest first (sortCandidates).
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (lower(candS[i]!) > cut) continue;
      orderS[m] = candS[i]!;
      orderK[m++] = candIdx[i]!;
    }
    sortCandidates(m);
    let best: (Nearest & { segment: number }) | undefined;
    for (let j = 0; j < m; j++) {
      if (best && lower(orderS[j]!) > best.metres) break;
      const k = orderK[j]!;
      this.arcDistance(k, px, py, pz);
      const r = this.geodesicOf(k).nearest(lon, lat, this.t);
      if (!best || r.metres < best.metres) best = { metres: r.metres, lon: r.lon, lat: r.lat, segment: k };
    }
    if (!best || best.metres > maxMetres) return undefined;
    return best;
  }
}

/**
 * Calls `f` with the lon/lat box(es) that cover the spherical cap of radius `s` metres around the
 * point: two boxes when the cap crosses the antimeridian, the full longitude range when it reaches
 * a pole or the cap's longitude half-width exceeds 90 degrees.
 */
export function forCapBoxes(lon: number, lat: number, s: number, f: (x0: number, y0: number, x1: number, y1: number) => void): void {
  const rho = s / R_SPHERE;
  const rhoDeg = rho / DEG;
  const y0 = lat - rhoDeg;
  const y1 = lat + rhoDeg;
  const cosLat = Math.cos(lat * DEG);
  const sinRho = Math.sin(Math.min(rho, Math.PI / 2));
  if (y0 <= -90 || y1 >= 90 || rho >= Math.PI / 2 || sinRho >= cosLat) {
    f(-180, Math.max(-90, y0), 180, Math.min(90, y1));
    return;
  }
  const dl = Math.asin(sinRho / cosLat) / DEG;
  const x0 = lon - dl;
  const x1 = lon + dl;
  if (x0 < -180) {
    f(-180, y0, x1, y1);
    f(x0 + 360, y0, 180, y1);
  } else if (x1 > 180) {
    f(x0, y0, 180, y1);
    f(-180, y0, x1 - 360, y1);
  } else f(x0, y0, x1, y1);
}

/** Position of (x, y) on a Hilbert curve over a 65536 x 65536 grid. */
function hilbert(x: number, y: number): number {
  let d = 0;
  for (let s = 32768; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = 65535 - x;
        y = 65535 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}
