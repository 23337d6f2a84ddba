/**
 * The evaluation benchmark's contract: what every leg (Redline's engine, the turf.js baseline, the
 * PostGIS baseline, the floor) is given and what it must answer.
 *
 * Every leg judges the same tasks on the same positions and the same polygons. Places that Redline
 * defines by distance (territorial seas, border belts, reach areas) are handed to every leg as the
 * polygons Redline traces for them (`Region.geometry()`), and Redline's own leg judges those same
 * polygons as custom places, so the legs differ only in how they compute, never in what.
 *
 * Rules (the same as the engine's kinds in src/verify/kinds; a baseline must follow them exactly):
 *
 * Inside. A point is inside a `Polygons` when it is inside one of its polygons: inside the outer
 * ring and not inside a hole. Edges are straight lines in lon/lat (as GeoJSON draws them). Points on
 * a boundary may go either way. Inside a list of places = inside any of them.
 *
 * Considered fixes. A task considers the fixes of assets whose `side` equals the task's side
 * (keep-out, standoff) or is 0 or 1 (separation), in the positions' order (time order).
 *
 * keep-out. A considered fix is violating when it is inside any of `places`. A stretch is a maximal
 * run of violating fixes of one asset that are consecutive among that asset's considered fixes; a
 * stretch also ends where two of its consecutive fixes are more than `maxGapMs` apart (strictly).
 * Each stretch is one finding: verdict `breach`, assets `[id]`, from/to the times of its first and
 * last fix.
 *
 * standoff. A considered fix inside any `exempt` place is not judged: it ends a stretch like a
 * non-violating fix. Otherwise d = geodesic distance in metres on WGS84 from the fix to `target`
 * (0 inside it); the fix is violating when d <= rangeM. Stretches and findings as keep-out.
 *
 * separation. Per asset with side 0 or 1, its fixes in order; for each fix `row` with the asset's
 * previous fix `prev`:
 *   - no `prev`, or time[row] - time[prev] > maxGapMs: if row is inside `region`, a one-fix segment
 *     (row, row);
 *   - otherwise, if prev or row is inside `region`, the segment (prev, row).
 * A contact is a pair of segments of assets of opposite sides that overlap in time
 * (max(t0) <= min(t1)) and whose closest point of approach (`closestApproach` below, the engine's
 * src/verify/kinds/separation/cpa.ts) is at most `searchM`. Contacts of one pair of assets, sorted by
 * the CPA time, form encounters; a new encounter starts where consecutive CPA times are more than
 * `maxGapMs` apart. An encounter whose smallest CPA distance is < minM is a finding: verdict
 * `breach`, assets `[side-0 asset id, side-1 asset id]`, from/to the earliest and latest CPA time of
 * its contacts.
 *
 * Closest point of approach of segments a and b (times in ms, positions lon/lat degrees):
 *   ts = max(a.t0, b.t0), te = min(a.t1, b.t1); positions at ts by linear interpolation in time;
 *   cosLat = cos of the mean latitude of the two positions at ts; M = 111320;
 *   relative position r = ((lonB - lonA, wrapped to [-180, 180]) * M * cosLat, (latB - latA) * M);
 *   velocity of a segment = ((lon1 - lon0) * M * cosLat / dt, (lat1 - lat0) * M / dt), dt in s (0 if dt = 0);
 *   v = vB - vA; tau = -(r.v)/(v.v) clamped to [0, (te - ts)/1000] (0 when v.v = 0);
 *   t = ts + tau * 1000; the distance is the geodesic distance between the two positions at t.
 *
 * Distances. Redline measures geodesics on WGS84 (Karney); turf measures great circles on a sphere;
 * PostGIS geography measures on the spheroid. The sphere differs from WGS84 by up to 0.56 %, so a
 * decision whose distance lies within `tolerance(limit)` of its limit may go either way: a leg lists
 * such decisions in `ambiguous`, and findings of that asset near that time are left out of the
 * comparison on every side (and counted).
 */
import type { MultiPolygonCoords } from '../../src/geo/types.js';

export type Polygons = MultiPolygonCoords;

/** Positions in time order (the engine's order: time, asset, source, line). */
export interface BenchPositions {
  n: number;
  asset: Uint32Array;
  time: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
}

export interface BenchAssets {
  ids: string[];
  /** 0 = the first side (BLUE), 1 = the second (RED), -1 = neither; constant over the workload. */
  side: Int8Array;
}

interface TaskBase {
  commitment: string;
  view: string;
}

export interface KeepOutTask extends TaskBase {
  kind: 'keep-out';
  side: 0 | 1;
  places: { id: string; polygons: Polygons }[];
  maxGapMs: number;
}

export interface StandoffTask extends TaskBase {
  kind: 'standoff';
  side: 0 | 1;
  target: { id: string; polygons: Polygons };
  exempt: { id: string; polygons: Polygons }[];
  rangeM: number;
  maxGapMs: number;
}

export interface SeparationTask extends TaskBase {
  kind: 'separation';
  region: { id: string; polygons: Polygons };
  minM: number;
  searchM: number;
  maxGapMs: number;
}

export type BenchTask = KeepOutTask | StandoffTask | SeparationTask;

/** What the legs are compared on: one per finding. Times in ms since the epoch. */
export interface FindingKey {
  commitment: string;
  view: string;
  verdict: 'breach';
  assets: string[];
  from: number;
  to: number;
}

/** A decision too close to its limit for legs with different earth models to agree on. */
export interface Ambiguous {
  commitment: string;
  view: string;
  assets: string[];
  time: number;
}

export interface LegResult {
  findings: FindingKey[];
  ambiguous: Ambiguous[];
}

/** Decisions within this distance of their limit are ambiguous between earth models. */
export function tolerance(limitM: number): number {
  return 0.006 * limitM + 2;
}

/** Positions the prefix starts with: the first `n` rows, so a prefix is itself a valid workload. */
export function prefixOf(p: BenchPositions, n: number): BenchPositions {
  const k = Math.min(n, p.n);
  return { n: k, asset: p.asset.subarray(0, k), time: p.time.subarray(0, k), lon: p.lon.subarray(0, k), lat: p.lat.subarray(0, k) };
}
