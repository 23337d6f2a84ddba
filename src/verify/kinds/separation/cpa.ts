/**
 * Closest point of approach of two assets moving in straight lines between their fixes.
 *
 * Between fixes each track is interpolated linearly in time. For the short spans involved (fixes
 * at most `maxGap` apart) the relative motion is solved in a local east-north plane around the two
 * assets, which finds the instant of closest approach; the distance reported at that instant is then
 * the exact WGS84 geodesic distance (Karney), so the figure in a finding never rests on the plane.
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

function velocity(s: Seg, cosLat: number): [number, number] {
  const dt = (s.t1 - s.t0) / 1000;
  if (dt <= 0) return [0, 0];
  return [((s.lon1 - s.lon0) * M_PER_DEG * cosLat) / dt, ((s.lat1 - s.lat0) * M_PER_DEG) / dt];
}

export function geodesicMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return WGS84.Inverse(lat1, lon1, lat2, lon2, geodesic.Geodesic.DISTANCE).s12 ?? NaN;
}

/**
 * The plane may put two assets a few kilometres apart closer or further than the geodesic by well
 * under 1 % (its metres per degree are fixed, the ellipsoid's vary by 0.7 % with latitude): a pair
 * the plane puts beyond the cutoff by more than this is beyond it on the ellipsoid too.
 */
const PLANE_MARGIN = 1.02;
const PLANE_MARGIN_M = 20;

/**
 * The closest approach of two segments over the time both cover, or undefined if they do not
 * overlap in time, or if `cutoffM` is given and the plane already puts them further apart than it
 * (then no geodesic is computed).
 */
export function closestApproach(a: Seg, b: Seg, cutoffM = Infinity): Approach | undefined {
  const ts = Math.max(a.t0, b.t0);
  const te = Math.min(a.t1, b.t1);
  if (ts > te) return undefined;
  const [ax, ay] = at(a, ts);
  const [bx, by] = at(b, ts);
  const cosLat = Math.cos(((ay + by) / 2) * DEG);
  let dlon = bx - ax;
  if (dlon > 180) dlon -= 360;
  else if (dlon < -180) dlon += 360;
  const rx = dlon * M_PER_DEG * cosLat;
  const ry = (by - ay) * M_PER_DEG;
  const va = velocity(a, cosLat);
  const vb = velocity(b, cosLat);
  const vx = vb[0] - va[0];
  const vy = vb[1] - va[1];
  const vv = vx * vx + vy * vy;
  // Minimise |r + v·τ| for τ in [0, te - ts] (seconds).
  let tau = vv > 0 ? -(rx * vx + ry * vy) / vv : 0;
  tau = Math.min(Math.max(tau, 0), (te - ts) / 1000);
  if (cutoffM !== Infinity && Math.hypot(rx + vx * tau, ry + vy * tau) > cutoffM * PLANE_MARGIN + PLANE_MARGIN_M) return undefined;
  const t = ts + tau * 1000;
  const [lonA, latA] = at(a, t);
  const [lonB, latB] = at(b, t);
  const metres = geodesicMetres(lonA, latA, lonB, latB);
  const n = Math.hypot(rx, ry) || 1;
  // Positive when the asset moves towards the other one.
  const closingA = (va[0] * rx + va[1] * ry) / n;
  const closingB = -(vb[0] * rx + vb[1] * ry) / n;
  return { time: t, metres, lonA, latA, lonB, latB, closingA, closingB };
}
