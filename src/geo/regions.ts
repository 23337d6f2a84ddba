/**
 * The Region implementations. Polygon regions (territories, seas, custom zones) test points against
 * prepared polygons and measure to their boundary segments. Distance-defined regions (reach areas,
 * territorial seas, border belts) are decided through distances: the lazy grid (classify.ts) settles
 * whole cells from cheap spherical bounds; a point in a cell near a limit is settled by the cheap
 * bounds when they do not straddle the limit and by exact WGS84 geodesics when they do.
 */
import { IN, LazyGrid, MIXED, OUT, boxRadius, type BoxVerdict } from './classify.js';
import { SEGMENT_SHAPE_M, SPHERE_REL_ERROR, geodesicDirect, geodesicInverse, lowerBound, sphericalReach, upperBound } from './geodesy.js';
import { traceCells } from './outline.js';
import type { PreparedPolygons } from './prepared.js';
import type { BBox } from './rings.js';
import type { SegmentSet } from './segments.js';
import type { MultiPolygonCoords, Nearest, PlaceSpec, Region } from './types.js';
import type { UnitSet } from './world.js';

export interface RegionMeta {
  id: string;
  view: string;
  description: string;
  contested: readonly string[];
}

/** The largest spherical estimate whose upper bound is still within `metres`. */
function surelyWithin(metres: number): number {
  return (metres - SEGMENT_SHAPE_M) / (1 + SPHERE_REL_ERROR);
}

function plain(n: (Nearest & { segment?: number }) | undefined): Nearest | undefined {
  return n ? { metres: n.metres, lon: n.lon, lat: n.lat } : undefined;
}

/** Longitudes past +-180 (unwrapped tracks) folded back into [-180, 180]. */
export function wrapLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/** The point `metres` from (fromLon, fromLat) along the geodesic towards (toLon, toLat). */
function toward(fromLon: number, fromLat: number, toLon: number, toLat: number, metres: number): [number, number] {
  const { azimuth } = geodesicInverse(fromLon, fromLat, toLon, toLat);
  return geodesicDirect(fromLon, fromLat, azimuth, metres);
}

/** Grid cell for distance-defined regions: a quarter of the limit, between 0.02 and 0.1 degree. */
export function cellDegFor(limitMetres: number): number {
  return Math.min(0.1, Math.max(0.02, limitMetres / 111_000 / 4));
}

/** A box enlarged on every side by at least `metres` of geodesic distance (full longitude near a pole). */
export function expandBBox(b: BBox, metres: number): [number, number, number, number] {
  const dLat = metres / 110_574 + 0.01;
  const y0 = Math.max(-90, b[1] - dLat);
  const y1 = Math.min(90, b[3] + dLat);
  const maxAbs = Math.max(Math.abs(y0), Math.abs(y1));
  if (maxAbs >= 89.5) return [-180, y0, 180, y1];
  const dLon = dLat / Math.cos((maxAbs * Math.PI) / 180);
  const x0 = b[0] - dLon;
  const x1 = b[2] + dLon;
  if (x0 < -180 || x1 > 180) return [-180, y0, 180, y1];
  return [x0, y0, x1, y1];
}

abstract class BaseRegion implements Region {
  readonly id: string;
  readonly view: string;
  readonly description: string;
  readonly contested: readonly string[];
  abstract readonly kind: PlaceSpec['kind'];
  abstract readonly bbox: readonly [number, number, number, number];

  constructor(meta: RegionMeta) {
    this.id = meta.id;
    this.view = meta.view;
    this.description = meta.description;
    this.contested = meta.contested;
  }

  abstract contains(lon: number, lat: number): boolean;
  abstract distance(lon: number, lat: number, maxMetres: number): Nearest | undefined;
  abstract boundaryDistance(lon: number, lat: number, maxMetres: number): Nearest | undefined;
  abstract geometry(): MultiPolygonCoords;

  decidesLike(other: Region): boolean {
    return other === this;
  }
}

/** Territories, seas and custom zones: prepared polygons and their boundary segments. */
export class PolygonRegion extends BaseRegion {
  constructor(
    meta: RegionMeta,
    readonly kind: PlaceSpec['kind'],
    private readonly prepared: PreparedPolygons,
    private readonly boundary: SegmentSet,
    private readonly polygons: MultiPolygonCoords,
    readonly bbox: readonly [number, number, number, number],
  ) {
    super(meta);
  }

  contains(lon: number, lat: number): boolean {
    return this.prepared.contains(lon > 180 || lon < -180 ? wrapLon(lon) : lon, lat);
  }

  distance(lon: number, lat: number, maxMetres: number): Nearest | undefined {
    if (this.prepared.contains(lon, lat)) return { metres: 0, lon, lat };
    return plain(this.boundary.nearest(lon, lat, maxMetres));
  }

  boundaryDistance(lon: number, lat: number, maxMetres: number): Nearest | undefined {
    return plain(this.boundary.nearest(lon, lat, maxMetres));
  }

  geometry(): MultiPolygonCoords {
    return this.polygons;
  }

  /** The polygons decide: the same kind of place from the same coordinates decides alike. */
  override decidesLike(other: Region): boolean {
    return other === this || (other instanceof PolygonRegion && other.kind === this.kind && sameCoords(other.polygons, this.polygons));
  }
}

/** Deep equality of nested coordinate arrays. */
function sameCoords(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameCoords(a[i], b[i])) return false;
  return true;
}

/** Regions decided through a lazy grid; the outline for maps is traced from the same grid. */
abstract class GridRegion extends BaseRegion {
  protected abstract readonly grid: LazyGrid;
  private outline: MultiPolygonCoords | undefined;

  contains(lon: number, lat: number): boolean {
    return this.grid.contains(lon > 180 || lon < -180 ? wrapLon(lon) : lon, lat);
  }

  protected abstract point(lon: number, lat: number): boolean;

  /**
   * The spherical estimate taken at face value (no exact geodesics): used only to trace the map
   * outline, whose cells are far coarser than the estimate's 0.56 % error at the limit.
   */
  protected abstract approx(lon: number, lat: number): boolean;

  geometry(): MultiPolygonCoords {
    if (this.outline) return this.outline;
    const g = this.grid;
    const mask = new Uint8Array(g.nx * g.ny);
    for (let r = 0; r < g.ny; r++)
      for (let c = 0; c < g.nx; c++) {
        const v: BoxVerdict = g.cellState(c, r);
        mask[r * g.nx + c] = v === IN ? 1 : v === OUT ? 0 : this.approx(g.x0 + (c + 0.5) * g.cw, g.y0 + (r + 0.5) * g.ch) ? 1 : 0;
      }
    this.outline = traceCells(g.nx, g.ny, g.x0, g.y0, g.cw, g.ch, mask);
    return this.outline;
  }
}

/** Outline note for descriptions. */
export function outlineNote(cellDeg: number): string {
  const km = cellDeg * 111.32 * Math.SQRT2;
  return `the map outline is traced on a ${cellDeg.toFixed(3)}-degree grid, so it is within ~${km.toFixed(1)} km of the limit; contains() and distance() are not affected`;
}

/** Everything within R of a territory, the territory included. */
export class ReachRegion extends GridRegion {
  readonly kind = 'reach' as const;
  protected readonly grid: LazyGrid;

  constructor(
    meta: RegionMeta,
    private readonly t: UnitSet,
    private readonly R: number,
    readonly bbox: readonly [number, number, number, number],
    cellDeg: number,
  ) {
    super(meta);
    this.grid = new LazyGrid(bbox, cellDeg, (x0, y0, x1, y1) => this.box(x0, y0, x1, y1), (x, y) => this.point(x, y));
  }

  private box(x0: number, y0: number, x1: number, y1: number): BoxVerdict {
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const h = boxRadius(x0, y0, x1, y1);
    const seg = this.t.boundary;
    if (seg.anyWithin(cx, cy, surelyWithin(this.R) - h)) return IN;
    if (!seg.anyWithin(cx, cy, sphericalReach(this.R) + h)) return this.t.prepared.contains(cx, cy) ? IN : OUT;
    return MIXED;
  }

  protected point(lon: number, lat: number): boolean {
    if (this.t.prepared.contains(lon, lat)) return true;
    const seg = this.t.boundary;
    if (seg.anyWithin(lon, lat, surelyWithin(this.R))) return true;
    if (!seg.anyWithin(lon, lat, sphericalReach(this.R))) return false;
    return seg.nearest(lon, lat, this.R) !== undefined;
  }

  protected approx(lon: number, lat: number): boolean {
    return this.t.prepared.contains(lon, lat) || this.t.boundary.anyWithin(lon, lat, this.R);
  }

  /**
   * Exact: outside the area, the distance is d(p, territory) - R and the nearest point lies on the
   * geodesic from the territory's nearest point towards p, R along it. (Any path from p into the
   * area must cover all but R of the distance to the territory; that point achieves it.)
   */
  distance(lon: number, lat: number, maxMetres: number): Nearest | undefined {
    if (this.contains(lon, lat)) return { metres: 0, lon, lat };
    const n = this.t.boundary.nearest(lon, lat, maxMetres + this.R);
    if (!n) return undefined;
    const d = Math.max(0, n.metres - this.R);
    if (d > maxMetres) return undefined;
    const [qx, qy] = toward(n.lon, n.lat, lon, lat, this.R);
    return { metres: d, lon: qx, lat: qy };
  }

  /** Inside: a lower bound, R - d(p, territory) outside the territory and R + depth inside it. */
  boundaryDistance(lon: number, lat: number, maxMetres: number): Nearest | undefined {
    if (!this.contains(lon, lat)) return this.distance(lon, lat, maxMetres);
    const n = this.t.boundary.nearest(lon, lat, this.t.prepared.contains(lon, lat) ? maxMetres : this.R);
    if (!n) return undefined;
    const inside = this.t.prepared.contains(lon, lat);
    const m = inside ? this.R + n.metres : Math.max(0, this.R - n.metres);
    if (m > maxMetres) return undefined;
    return { metres: m, lon: n.lon, lat: n.lat, lowerBound: true };
  }
}

/** Water within W of a territory's coast and nearer to it than to any other land (UNCLOS art. 15). */
export class TerritorialSeaRegion extends GridRegion {
  readonly kind = 'territorial-sea' as const;
  protected readonly grid: LazyGrid;

  constructor(
    meta: RegionMeta,
    private readonly t: UnitSet,
    private readonly others: SegmentSet,
    private readonly land: PreparedPolygons,
    private readonly W: number,
    readonly bbox: readonly [number, number, number, number],
    cellDeg: number,
  ) {
    super(meta);
    this.grid = new LazyGrid(bbox, cellDeg, (x0, y0, x1, y1) => this.box(x0, y0, x1, y1), (x, y) => this.point(x, y));
  }

  private box(x0: number, y0: number, x1: number, y1: number): BoxVerdict {
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const h = boxRadius(x0, y0, x1, y1);
    const T = this.t.boundary;
    const O = this.others;
    if (!T.anyWithin(cx, cy, sphericalReach(this.W) + h)) return OUT;
    const touch = sphericalReach(0) + h;
    const landFree = !T.anyWithin(cx, cy, touch) && !O.anyWithin(cx, cy, touch);
    if (landFree && this.land.contains(cx, cy)) return OUT;
    if (landFree) {
      const sT = T.cheap(cx, cy, surelyWithin(this.W) - h);
      if (Number.isFinite(sT)) {
        const maxT = upperBound(sT + h);
        if (!O.anyWithin(cx, cy, sphericalReach(maxT) + h)) return IN;
      }
    }
    const sO = O.cheap(cx, cy, sphericalReach(this.W) + h);
    if (Number.isFinite(sO)) {
      const maxO = upperBound(sO + h);
      if (!T.anyWithin(cx, cy, sphericalReach(maxO) + h)) return OUT;
    }
    return MIXED;
  }

  protected point(lon: number, lat: number): boolean {
    if (this.land.contains(lon, lat)) return false;
    const T = this.t.boundary;
    const sT = T.cheap(lon, lat, sphericalReach(this.W));
    if (!Number.isFinite(sT)) return false;
    const sO = this.others.cheap(lon, lat, sphericalReach(upperBound(sT)));
    if (upperBound(sT) <= this.W && (!Number.isFinite(sO) || upperBound(sT) <= lowerBound(sO))) return true;
    if (Number.isFinite(sO) && lowerBound(sT) > upperBound(sO)) return false;
    const dT = T.nearest(lon, lat, this.W);
    if (!dT) return false;
    const dO = this.others.nearest(lon, lat, dT.metres);
    return !(dO && dO.metres < dT.metres);
  }

  protected approx(lon: number, lat: number): boolean {
    if (this.land.contains(lon, lat)) return false;
    const sT = this.t.boundary.cheap(lon, lat, this.W);
    return Number.isFinite(sT) && !this.others.anyWithin(lon, lat, sT);
  }

  /**
   * Exact on the party's own land (the nearest point of its coast) and at sea on the party's side of
   * the equidistance line (d(p, territory) - W, reached on the geodesic from the nearest coast point:
   * that point is water, within W, and no nearer to other land than to the party's). On other land or
   * on another state's side of the line it is a lower bound: max(d - W, (d - d_other) / 2).
   */
  distance(lon: number, lat: number, maxMetres: number): Nearest | undefined {
    if (this.contains(lon, lat)) return { metres: 0, lon, lat };
    const T = this.t.boundary;
    if (this.land.contains(lon, lat)) {
      if (this.t.prepared.contains(lon, lat)) return plain(this.t.coast.nearest(lon, lat, maxMetres));
      const dT = T.nearest(lon, lat, maxMetres + this.W);
      if (!dT) return undefined;
      return { metres: Math.max(0, dT.metres - this.W), lon: dT.lon, lat: dT.lat, lowerBound: true };
    }
    const dT = T.nearest(lon, lat, maxMetres + this.W);
    if (!dT) return undefined;
    const dO = this.others.nearest(lon, lat, dT.metres);
    if (!dO) {
      const d = Math.max(0, dT.metres - this.W);
      if (d > maxMetres) return undefined;
      const [qx, qy] = toward(dT.lon, dT.lat, lon, lat, this.W);
      return { metres: d, lon: qx, lat: qy };
    }
    const lb = Math.max(0, dT.metres - this.W, (dT.metres - dO.metres) / 2);
    if (lb > maxMetres) return undefined;
    return { metres: lb, lon: dT.lon, lat: dT.lat, lowerBound: true };
  }

  /** Inside: min(distance to the coast [exact], W - d [outer limit], (d_other - d) / 2 [equidistance line]). */
  boundaryDistance(lon: number, lat: number, maxMetres: number): Nearest | undefined {
    if (!this.contains(lon, lat)) return this.distance(lon, lat, maxMetres);
    const dT = this.t.boundary.nearest(lon, lat, Infinity);
    if (!dT) return undefined;
    const dO = this.others.nearest(lon, lat, dT.metres + 2 * this.W);
    const outer = this.W - dT.metres;
    const equi = dO ? (dO.metres - dT.metres) / 2 : Infinity;
    const m = Math.max(0, Math.min(dT.metres, outer, equi));
    if (m > maxMetres) return undefined;
    return dT.metres <= Math.min(outer, equi) ? { metres: m, lon: dT.lon, lat: dT.lat } : { metres: m, lon: dT.lon, lat: dT.lat, lowerBound: true };
  }

  /**
   * How far inside the sea's own limits a point is, the coast not counted: the seaward limit is W
   * from the coast (exact, on the geodesic from the nearest coast point through the point), the
   * lateral limit half-way to another state's coast (a lower bound). Used when the territory is
   * part of the same place, so crossing the coast is no exit.
   */
  seawardDepth(lon: number, lat: number): Nearest | undefined {
    if (!this.contains(lon, lat)) return undefined;
    const dT = this.t.boundary.nearest(lon, lat, Infinity);
    if (!dT) return undefined;
    const outer = this.W - dT.metres;
    const dO = this.others.nearest(lon, lat, dT.metres + 2 * this.W);
    const equi = dO ? (dO.metres - dT.metres) / 2 : Infinity;
    if (outer <= equi) {
      const [qx, qy] = toward(dT.lon, dT.lat, lon, lat, this.W);
      return { metres: Math.max(0, outer), lon: qx, lat: qy };
    }
    return { metres: Math.max(0, equi), lon: dO!.lon, lat: dO!.lat, lowerBound: true };
  }
}

/** Land of two territories within w of the land border between them. */
export class BorderBeltRegion extends GridRegion {
  readonly kind = 'border-belt' as const;
  protected readonly grid: LazyGrid;

  constructor(
    meta: RegionMeta,
    private readonly ab: UnitSet,
    private readonly border: SegmentSet,
    private readonly w: number,
    readonly bbox: readonly [number, number, number, number],
    cellDeg: number,
  ) {
    super(meta);
    this.grid = new LazyGrid(bbox, cellDeg, (x0, y0, x1, y1) => this.box(x0, y0, x1, y1), (x, y) => this.point(x, y));
  }

  private box(x0: number, y0: number, x1: number, y1: number): BoxVerdict {
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const h = boxRadius(x0, y0, x1, y1);
    const L = this.border;
    if (!L.anyWithin(cx, cy, sphericalReach(this.w) + h)) return OUT;
    const uniform = !this.ab.boundary.anyWithin(cx, cy, sphericalReach(0) + h);
    if (uniform) {
      if (!this.ab.prepared.contains(cx, cy)) return OUT;
      if (L.anyWithin(cx, cy, surelyWithin(this.w) - h)) return IN;
    }
    return MIXED;
  }

  protected point(lon: number, lat: number): boolean {
    if (!this.ab.prepared.contains(lon, lat)) return false;
    const L = this.border;
    if (L.anyWithin(lon, lat, surelyWithin(this.w))) return true;
    if (!L.anyWithin(lon, lat, sphericalReach(this.w))) return false;
    return L.nearest(lon, lat, this.w) !== undefined;
  }

  protected approx(lon: number, lat: number): boolean {
    return this.ab.prepared.contains(lon, lat) && this.border.anyWithin(lon, lat, this.w);
  }

  /**
   * Inside the two territories but beyond w: d(p, border) - w, exact when the point w from the
   * border on the geodesic towards p is still on their land (checked), else a lower bound. Outside
   * them: the distance to their land, exact when its nearest point lies within w of the border
   * (checked), else the larger of that and d(p, border) - w as a lower bound.
   */
  distance(lon: number, lat: number, maxMetres: number): Nearest | undefined {
    if (this.contains(lon, lat)) return { metres: 0, lon, lat };
    const L = this.border;
    if (this.ab.prepared.contains(lon, lat)) {
      const n = L.nearest(lon, lat, maxMetres + this.w);
      if (!n) return undefined;
      const d = Math.max(0, n.metres - this.w);
      if (d > maxMetres) return undefined;
      const [qx, qy] = toward(n.lon, n.lat, lon, lat, this.w);
      return this.ab.prepared.contains(qx, qy) ? { metres: d, lon: qx, lat: qy } : { metres: d, lon: qx, lat: qy, lowerBound: true };
    }
    const nb = this.ab.boundary.nearest(lon, lat, maxMetres);
    if (!nb) return undefined;
    if (L.nearest(nb.lon, nb.lat, this.w)) return { metres: nb.metres, lon: nb.lon, lat: nb.lat };
    const nl = L.nearest(lon, lat, maxMetres + this.w);
    if (!nl) return undefined;
    const lb = Math.max(nb.metres, nl.metres - this.w);
    if (lb > maxMetres) return undefined;
    return { metres: lb, lon: nb.lon, lat: nb.lat, lowerBound: true };
  }

  /** Inside: min(distance to the edge of the two territories, w - d(p, border)), a lower bound. */
  boundaryDistance(lon: number, lat: number, maxMetres: number): Nearest | undefined {
    if (!this.contains(lon, lat)) return this.distance(lon, lat, maxMetres);
    const nl = this.border.nearest(lon, lat, this.w);
    const limit = nl ? this.w - nl.metres : 0;
    const nb = this.ab.boundary.nearest(lon, lat, Math.min(maxMetres, limit));
    const m = nb ? Math.min(nb.metres, limit) : limit;
    if (m > maxMetres) return undefined;
    const at = nb ?? nl;
    return { metres: m, lon: at?.lon ?? lon, lat: at?.lat ?? lat, lowerBound: true };
  }
}
