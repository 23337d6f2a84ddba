/**
 * Closest point of approach of two assets moving in straight lines between their fixes.
 *
 * Between fixes each track is interpolated linearly in time. For the short spans involved (fixes
 * at most `maxGap` apart) the relative motion is solved in a local east-north plane around the two
 * assets, which finds the instant of closest approach; the distance reported at that instant is then
 * the exact WGS84 geodesic distance (Karney), so the figure in a finding never rests on the plane.
 * The sweep asks the plane first (planeApproach) and measures the geodesic (measure) only where the
 * plane's margin leaves the answer open or the figure may be reported.
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

function at(s: Seg, t: number): [number, number] {
  if (s.t1 === s.t0) return [s.lon0, s.lat0];
  const f = (t - s.t0) / (s.t1 - s.t0);
  return [s.lon0 + (s.lon1 - s.lon0) * f, s.lat0 + (s.lat1 - s.lat0) * f];
}

export function geodesicMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return WGS84.Inverse(lat1, lon1, lat2, lon2, geodesic.Geodesic.DISTANCE).s12 ?? NaN;
}

/**
 * The plane may put two assets a few kilometres apart closer or further than the geodesic by well
 * under 1 % (its metres per degree are fixed, the ellipsoid's vary by 0.7 % with latitude): a pair
 * the plane puts beyond the cutoff by more than this is beyond it on the ellipsoid too, and one the
 * plane puts within it by more than this is within it.
 */
export const PLANE_MARGIN = 1.02;
export const PLANE_MARGIN_M = 20;

/** The least and the most the geodesic can be, given the plane's distance at the same instant. */
export const planeLower = (plane: number) => Math.max(0, (plane - PLANE_MARGIN_M) / PLANE_MARGIN);
export const planeUpper = (plane: number) => plane * PLANE_MARGIN + PLANE_MARGIN_M;

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
 * The closest approach as the plane finds it: the instant, both positions and `plane` (the plane's
 * distance then); `metres` is NaN until `measure` computes the geodesic between those positions.
 */
export function planeApproach(a: Seg, b: Seg, cutoffM = Infinity): (Approach & { plane: number }) | undefined {
  const ts = Math.max(a.t0, b.t0);
  const te = Math.min(a.t1, b.t1);
  if (ts > te) return undefined;
  // Scalars rather than the pairs `at` and `velocity` return: this runs for every candidate pair and
  // most pairs end at the cutoff, so nothing is allocated before it.
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
  const plane = Math.hypot(rx + vx * tau, ry + vy * tau);
  if (cutoffM !== Infinity && plane > cutoffM * PLANE_MARGIN + PLANE_MARGIN_M) return undefined;
  const t = ts + tau * 1000;
  const [lonA, latA] = at(a, t);
  const [lonB, latB] = at(b, t);
  const n = Math.hypot(rx, ry) || 1;
  // Positive when the asset moves towards the other one.
  const closingA = (vax * rx + vay * ry) / n;
  const closingB = -(vbx * rx + vby * ry) / n;
  return { time: t, metres: NaN, plane, lonA, latA, lonB, latB, closingA, closingB };
}

/** Sets the approach's `metres`: the WGS84 geodesic between the two positions at its instant. */
export function measure(p: Approach): number {
  p.metres = geodesicMetres(p.lonA, p.latA, p.lonB, p.latB);
  return p.metres;
}
