/**
 * Geodesy for geo: exact distances on the WGS84 ellipsoid (Karney's algorithms through the official
 * geographiclib-geodesic port) and the cheap spherical estimate used only as a pre-filter.
 *
 * The pre-filter bound. On a sphere of radius R1 = 6 371 008.8 m (the WGS84 mean radius) with
 * geodetic latitudes used as spherical ones, the spherical distance s and the WGS84 geodesic
 * distance g between the same two points satisfy |g - s| <= 0.0056 s. The extremes are local:
 * g/s is the ratio of the ellipsoid's radius of curvature in the direction of travel to R1, which
 * runs from the meridional radius at the equator, a(1 - e^2) = 6 335 439 m (g/s = 0.99442, -0.558 %),
 * to the polar radius a^2/b = 6 399 594 m (+0.449 %); longer lines average over these. geodesy.test.ts
 * checks the bound against Karney on random real pairs.
 *
 * For a point and a segment the boundary is the geodesic between two vertices while the estimate
 * uses the great-circle arc between them; for segments no longer than MAX_SEGMENT_DEG (all our
 * rings are densified to that) the two curves stay well under a metre apart, so one metre
 * (SEGMENT_SHAPE_M) is added to the bound: g in [(1 - e) s - d, (1 + e) s + d], also tested.
 */
import geographiclib from 'geographiclib-geodesic';

const G = geographiclib.Geodesic;
export const WGS84 = G.WGS84;

/** Mean radius R1 of WGS84 (IUGG), metres. */
export const R_SPHERE = 6371008.8;
/** Relative error bound of the spherical estimate against the WGS84 geodesic (see above). */
export const SPHERE_REL_ERROR = 0.0056;
/** Additive allowance for the great-circle arc standing in for a short geodesic segment, metres. */
export const SEGMENT_SHAPE_M = 1;
/** Rings are densified so that no edge spans more than this in longitude or latitude. */
export const MAX_SEGMENT_DEG = 0.05;
/** One international nautical mile, exactly. */
export const NAUTICAL_MILE_M = 1852;

const DEG = Math.PI / 180;
const INV_MASK = G.DISTANCE | G.AZIMUTH;
const LINE_CAPS = G.STANDARD | G.DISTANCE_IN;
const POS_MASK = G.LATITUDE | G.LONGITUDE | G.AZIMUTH;

/** Lower bound of the exact distance given a spherical estimate `s` (metres). */
export function lowerBound(s: number): number {
  return s * (1 - SPHERE_REL_ERROR) - SEGMENT_SHAPE_M;
}

/** Upper bound of the exact distance given a spherical estimate `s` (metres). */
export function upperBound(s: number): number {
  return s * (1 + SPHERE_REL_ERROR) + SEGMENT_SHAPE_M;
}

/** The largest spherical estimate whose lower bound is still within `metres`. */
export function sphericalReach(metres: number): number {
  return (metres + SEGMENT_SHAPE_M) / (1 - SPHERE_REL_ERROR);
}

/**
 * A tighter lower factor for the estimate near one place: g >= f s for every pair of points within
 * spherical distance `radiusM` (metres on R_SPHERE) of a point at latitude `lat`. Why: with the same
 * lat/lon on both, the map from the ellipsoid to the sphere R_SPHERE stretches lengths by R/N to R/M
 * (M, N the meridional and prime-vertical radii of curvature), so a geodesic's image is at most
 * R/M_min times longer and s <= g R / M_min. M grows away from the equator, and a geodesic between
 * two points of one hemisphere never comes nearer the equator than its ends, so M_min is M at the
 * lowest latitude within reach (0 if the reach crosses the equator). At 55 N and a few hundred km
 * this is 1.0003 instead of 0.9944 (geodesy.test.ts checks it on random pairs).
 */
export function lowerFactorNear(lat: number, radiusM: number): number {
  const reachDeg = (radiusM / R_SPHERE) * (180 / Math.PI);
  const lo = lat - reachDeg;
  const hi = lat + reachDeg;
  const minAbs = lo <= 0 && hi >= 0 ? 0 : Math.min(Math.abs(lo), Math.abs(hi));
  const s = Math.sin(minAbs * DEG);
  const e2 = WGS84.f * (2 - WGS84.f);
  const M = (WGS84.a * (1 - e2)) / Math.pow(1 - e2 * s * s, 1.5);
  return Math.max(1 - SPHERE_REL_ERROR, M / R_SPHERE);
}

/** Exact geodesic distance on WGS84 (Karney), metres. */
export function geodesicDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return WGS84.Inverse(lat1, lon1, lat2, lon2, G.DISTANCE).s12 ?? NaN;
}

/** Exact geodesic distance and the azimuth at the first point, degrees clockwise from north. */
export function geodesicInverse(lon1: number, lat1: number, lon2: number, lat2: number): { metres: number; azimuth: number } {
  const r = WGS84.Inverse(lat1, lon1, lat2, lon2, INV_MASK);
  return { metres: r.s12 ?? NaN, azimuth: r.azi1 ?? NaN };
}

/** The point `metres` along the geodesic leaving (lon, lat) at `azimuth`. */
export function geodesicDirect(lon: number, lat: number, azimuth: number, metres: number): [number, number] {
  const r = WGS84.Direct(lat, lon, azimuth, metres, G.LATITUDE | G.LONGITUDE);
  return [r.lon2 ?? NaN, r.lat2 ?? NaN];
}

/** Haversine distance on the sphere of radius R_SPHERE, metres. */
export function sphericalDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const sy = Math.sin(((lat2 - lat1) * DEG) / 2);
  const sx = Math.sin(((lon2 - lon1) * DEG) / 2);
  const h = sy * sy + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * sx * sx;
  return 2 * R_SPHERE * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Result of `nearestOnSegment`: metres, the nearest point, and its distance along the segment. */
export interface SegmentNearest {
  metres: number;
  lon: number;
  lat: number;
  along: number;
}

/**
 * Exact distance from a point to the geodesic segment between two vertices, and the nearest point.
 *
 * Method: iterated foot-point projection along the segment's GeodesicLine. At the current point q
 * on the line, Karney's inverse gives the distance d to the target and the angle a between the
 * line and the direction to the target; on a sphere the foot of the perpendicular lies
 * R atan(tan(d/R) cos a) further along, so that is the step. Near the foot the step is exact to
 * second order, so the iteration converges in two to four rounds to well under a millimetre (the
 * loop stops when a step is under 0.1 mm); the minimum is clamped to the segment's ends. It is the
 * same idea as Karney's gnomonic solution of the interception problem ("Algorithms for geodesics",
 * J. Geodesy 2013, sec. 8). If the iteration has not settled after 24 rounds, or the target is a
 * quarter of the globe away, a golden-section search over the whole segment (to 1 mm) decides.
 * `guess` is the fraction along the segment to start from (e.g. from the spherical estimate).
 */
export function nearestOnSegment(
  lon: number,
  lat: number,
  aLon: number,
  aLat: number,
  bLon: number,
  bLat: number,
  guess = 0.5,
): SegmentNearest {
  return new GeodesicSegment(aLon, aLat, bLon, bLat).nearest(lon, lat, guess);
}

type Line = ReturnType<typeof WGS84.InverseLine>;

/** A point of a geodesic line: where, and the line's azimuth there. */
interface LinePoint {
  lat2?: number;
  lon2?: number;
  azi2?: number;
}

/**
 * A boundary segment's geodesic between two vertices, worked out once for the many points asked
 * about it: a ship's fixes near one stretch of coast each ask for the same few segments, and most
 * of them find their nearest point at an end (the iteration then takes one round). Keeping the line
 * and its ends spares, for each such point, Karney's inverse problem that sets up the line and the
 * position at the end, leaving the one inverse from the end to the point. The figures are the
 * same as those of a line set up afresh.
 */
export class GeodesicSegment {
  private readonly line: Line;
  /** Length of the segment, metres (0 for a segment whose ends coincide). */
  readonly length: number;
  private start: LinePoint | undefined;
  private end: LinePoint | undefined;

  constructor(
    private readonly aLon: number,
    private readonly aLat: number,
    bLon: number,
    bLat: number,
  ) {
    this.line = WGS84.InverseLine(aLat, aLon, bLat, bLon, LINE_CAPS);
    this.length = this.line.s13;
  }

  private positionAt(s: number): LinePoint {
    if (s === 0) return (this.start ??= this.line.Position(0, POS_MASK));
    if (s === this.length) return (this.end ??= this.line.Position(s, POS_MASK));
    return this.line.Position(s, POS_MASK);
  }

  /** Exact distance from the point to this segment, and the nearest point (see nearestOnSegment). */
  nearest(lon: number, lat: number, guess = 0.5): SegmentNearest {
    const L = this.length;
    if (!(L > 0)) {
      const r = WGS84.Inverse(this.aLat, this.aLon, lat, lon, G.DISTANCE);
      return { metres: r.s12 ?? NaN, lon: this.aLon, lat: this.aLat, along: 0 };
    }
    let s = Math.min(L, Math.max(0, guess * L));
    let metres = NaN;
    let qLon = this.aLon;
    let qLat = this.aLat;
    let settled = false;
    for (let iter = 0; iter < 24; iter++) {
      const q = this.positionAt(s);
      qLat = q.lat2 ?? NaN;
      qLon = q.lon2 ?? NaN;
      const inv = WGS84.Inverse(qLat, qLon, lat, lon, INV_MASK);
      metres = inv.s12 ?? NaN;
      if (metres === 0) return { metres, lon: qLon, lat: qLat, along: s };
      const sigma = metres / R_SPHERE;
      if (sigma > 1.5) break;
      const cosA = Math.cos(((inv.azi1 ?? 0) - (q.azi2 ?? 0)) * DEG);
      const step = R_SPHERE * Math.atan(Math.tan(sigma) * cosA);
      const next = Math.min(L, Math.max(0, s + step));
      if (Math.abs(next - s) < 1e-4) {
        settled = true;
        break;
      }
      s = next;
    }
    if (settled) return { metres, lon: qLon, lat: qLat, along: s };
    return goldenSection(this.line, L, lon, lat);
  }
}

/** Golden-section search of the distance along the whole segment, to 1 mm. */
export function goldenSection(line: Line, L: number, lon: number, lat: number, tol = 1e-3): SegmentNearest {
  const f = (s: number): number => {
    const q = line.Position(s, G.LATITUDE | G.LONGITUDE);
    return WGS84.Inverse(q.lat2 ?? NaN, q.lon2 ?? NaN, lat, lon, G.DISTANCE).s12 ?? NaN;
  };
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = 0;
  let b = L;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = f(d);
    }
  }
  let s = (a + b) / 2;
  let best = f(s);
  // The ends are candidates too: the search brackets an interior minimum or converges onto an end.
  const f0 = f(0);
  const fL = f(L);
  if (f0 < best) {
    best = f0;
    s = 0;
  }
  if (fL < best) {
    best = fL;
    s = L;
  }
  const q = line.Position(s, G.LATITUDE | G.LONGITUDE);
  return { metres: best, lon: q.lon2 ?? NaN, lat: q.lat2 ?? NaN, along: s };
}
