/**
 * Closest point of approach of two assets moving in straight lines between their fixes.
 *
 * Between fixes each track is interpolated linearly in time. For the short spans involved (fixes
 * at most `maxGap` apart) the relative motion is solved in a local east-north plane around the two
 * assets, which finds the instant of closest approach; the distance reported at that instant is then
 * the exact WGS84 geodesic distance (Karney), so the figure in a finding never rests on the plane.
 * The sweep asks the plane first (approachInto) and measures the geodesic (measure) only where the
 * flat distance's bounds leave the answer open or the figure may be reported.
 */
import geodesic from 'geographiclib-geodesic';

const WGS84 = geodesic.Geodesic.WGS84;
const DEG = Math.PI / 180;
/** Metres per degree of latitude near mid-latitudes; only used to place the local plane. */
const M_PER_DEG = 111_320;

export interface Seg {
  t0: number;
  t1: number;
  lon0: number;
  lat0: number;
  lon1: number;
  lat1: number;
}

export interface Approach {
  time: number;
  metres: number;
  lonA: number;
  latA: number;
  lonB: number;
  latB: number;
  /**
   * Speed of each asset towards the other at the start of the compared span, m/s (negative: moving
   * away). Taken at the start, not at the closest point, where the closing speed is zero by definition.
   */
  closingA: number;
  closingB: number;
}

/** How far along segment `s` the instant `t` lies (0 for a one-fix segment). */
function along(s: Seg, t: number): number {
  return s.t1 === s.t0 ? 0 : (t - s.t0) / (s.t1 - s.t0);
}

// The last geodesic measured, by its ends: two ships at their berths meet again and again at the
// same two points, and the sweep measures their contacts one after another.
let lastLon1 = NaN;
let lastLat1 = NaN;
let lastLon2 = NaN;
let lastLat2 = NaN;
let lastMetres = NaN;

export function geodesicMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  if (lon1 === lastLon1 && lat1 === lastLat1 && lon2 === lastLon2 && lat2 === lastLat2) return lastMetres;
  lastMetres = WGS84.Inverse(lat1, lon1, lat2, lon2, geodesic.Geodesic.DISTANCE).s12 ?? NaN;
  lastLon1 = lon1;
  lastLat1 = lat1;
  lastLon2 = lon2;
  lastLat2 = lat2;
  return lastMetres;
}

/**
 * The plane may put two assets a few kilometres apart closer or further than the geodesic by well
 * under 1 % (its metres per degree are fixed, the ellipsoid's vary by 0.7 % with latitude): a pair
 * the plane puts beyond the cutoff by more than this is beyond it on the ellipsoid too. Only used
 * to drop pairs before their positions at the instant are worked out.
 */
export const PLANE_MARGIN = 1.02;
export const PLANE_MARGIN_M = 20;

/** An approach as the sweep sees it: the plane's distance, and the flat distance that bounds the geodesic. */
export interface PlaneApproach extends Approach {
  /** The plane's distance at the instant (the spec's fixed metres per degree). */
  plane: number;
  /** The flat distance between the two positions at the instant, on the ellipsoid's local radii (see flatMetres). */
  flat: number;
}

// WGS84 (NIMA TR8350.2): semi-major axis and flattening.
const A = 6_378_137;
const E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
/** Beyond this latitude the flat distance is not trusted: the bounds give up and the geodesic decides. */
const FLAT_MAX_LAT = 80;
/**
 * The flat distance against Karney's geodesic, for pairs up to 15 km apart below 80 degrees of
 * latitude, errs by at most 8.3e-6 of the distance and 0.13 m (2 million pairs measured with
 * geographiclib, random places and bearings; test/check-groups.test.ts holds the bound on
 * real tracks). The margins are ten times that.
 */
const FLAT_REL = 1e-4;
const FLAT_ABS_M = 1.5;

/**
 * The distance between two nearby positions on the local plane of the ellipsoid at their mean
 * latitude: north-south by the meridian's radius of curvature there, east-west by the prime
 * vertical's times the cosine. NaN where it is not trusted (beyond FLAT_MAX_LAT).
 */
export function flatMetres(lonA: number, latA: number, lonB: number, latB: number): number {
  const mid = (latA + latB) / 2;
  if (Math.abs(mid) > FLAT_MAX_LAT) return NaN;
  const phi = mid * DEG;
  const sin = Math.sin(phi);
  const w2 = 1 - E2 * sin * sin;
  const w = Math.sqrt(w2);
  const n = A / w;
  const m = (A * (1 - E2)) / (w2 * w);
  let dlon = lonB - lonA;
  if (dlon > 180) dlon -= 360;
  else if (dlon < -180) dlon += 360;
  const x = dlon * DEG * n * Math.cos(phi);
  const y = (latB - latA) * DEG * m;
  return Math.sqrt(x * x + y * y);
}

/** The least and the most the geodesic can be, given the flat distance between the same positions. */
export const flatLower = (flat: number) => (flat >= 0 ? Math.max(0, flat * (1 - FLAT_REL) - FLAT_ABS_M) : 0);
export const flatUpper = (flat: number) => (flat >= 0 ? flat * (1 + FLAT_REL) + FLAT_ABS_M : Infinity);

/**
 * The closest approach of two segments over the time both cover, or undefined if they do not
 * overlap in time, or if `cutoffM` is given and the plane already puts them further apart than it
 * (then no geodesic is computed).
 */
export function closestApproach(a: Seg, b: Seg, cutoffM = Infinity): Approach | undefined {
  const p = planeApproach(a, b, cutoffM);
  if (p) measure(p);
  return p;
}

/**
 * The closest approach as the plane finds it: the instant, both positions, `plane` and `flat`;
 * `metres` is NaN until `measure` computes the geodesic between those positions.
 */
export function planeApproach(a: Seg, b: Seg, cutoffM = Infinity): PlaneApproach | undefined {
  const out: PlaneApproach = { time: 0, metres: NaN, plane: 0, flat: 0, lonA: 0, latA: 0, lonB: 0, latB: 0, closingA: 0, closingB: 0 };
  return approachInto(a, b, cutoffM, out) ? out : undefined;
}

/**
 * planeApproach writing into `out` (the sweep's one scratch approach, so that the pairs it compares
 * allocate nothing): false, and `out` untouched, where planeApproach gives undefined.
 */
export function approachInto(a: Seg, b: Seg, cutoffM: number, out: PlaneApproach): boolean {
  const ts = Math.max(a.t0, b.t0);
  const te = Math.min(a.t1, b.t1);
  if (ts > te) return false;
  const fa = a.t1 === a.t0 ? 0 : (ts - a.t0) / (a.t1 - a.t0);
  const fb = b.t1 === b.t0 ? 0 : (ts - b.t0) / (b.t1 - b.t0);
  const ax = a.lon0 + (a.lon1 - a.lon0) * fa;
  const ay = a.lat0 + (a.lat1 - a.lat0) * fa;
  const bx = b.lon0 + (b.lon1 - b.lon0) * fb;
  const by = b.lat0 + (b.lat1 - b.lat0) * fb;
  const cosLat = Math.cos(((ay + by) / 2) * DEG);
  let dlon = bx - ax;
  if (dlon > 180) dlon -= 360;
  else if (dlon < -180) dlon += 360;
  const rx = dlon * M_PER_DEG * cosLat;
  const ry = (by - ay) * M_PER_DEG;
  const dta = (a.t1 - a.t0) / 1000;
  const dtb = (b.t1 - b.t0) / 1000;
  const vax = dta <= 0 ? 0 : ((a.lon1 - a.lon0) * M_PER_DEG * cosLat) / dta;
  const vay = dta <= 0 ? 0 : ((a.lat1 - a.lat0) * M_PER_DEG) / dta;
  const vbx = dtb <= 0 ? 0 : ((b.lon1 - b.lon0) * M_PER_DEG * cosLat) / dtb;
  const vby = dtb <= 0 ? 0 : ((b.lat1 - b.lat0) * M_PER_DEG) / dtb;
  const vx = vbx - vax;
  const vy = vby - vay;
  const vv = vx * vx + vy * vy;
  // Minimise |r + v·τ| for τ in [0, te - ts] (seconds).
  let tau = vv > 0 ? -(rx * vx + ry * vy) / vv : 0;
  tau = Math.min(Math.max(tau, 0), (te - ts) / 1000);
  const px = rx + vx * tau;
  const py = ry + vy * tau;
  const plane = Math.sqrt(px * px + py * py);
  if (cutoffM !== Infinity && plane > cutoffM * PLANE_MARGIN + PLANE_MARGIN_M) return false;
  const t = ts + tau * 1000;
  const ga = along(a, t);
  const gb = along(b, t);
  const lonA = a.lon0 + (a.lon1 - a.lon0) * ga;
  const latA = a.lat0 + (a.lat1 - a.lat0) * ga;
  const lonB = b.lon0 + (b.lon1 - b.lon0) * gb;
  const latB = b.lat0 + (b.lat1 - b.lat0) * gb;
  const n = Math.sqrt(rx * rx + ry * ry) || 1;
  out.time = t;
  out.metres = NaN;
  out.plane = plane;
  out.lonA = lonA;
  out.latA = latA;
  out.lonB = lonB;
  out.latB = latB;
  out.flat = flatMetres(lonA, latA, lonB, latB);
  // Positive when the asset moves towards the other one.
  out.closingA = (vax * rx + vay * ry) / n;
  out.closingB = -(vbx * rx + vby * ry) / n;
  return true;
}

/** Sets the approach's `metres`: the WGS84 geodesic between the two positions at its instant. */
export function measure(p: Approach): number {
  p.metres = geodesicMetres(p.lonA, p.latA, p.lonB, p.latB);
  return p.metres;
}
