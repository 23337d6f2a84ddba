/**
 * The loaded world: countries cut into units that no view disagrees about, and the indexes built on
 * them lazily and cached.
 *
 * A unit is either a country (its Natural Earth polygons with every contested area taken out) or a
 * contested area's land. Views differ only in who owns the contested units, so everything about
 * units (rings, edges, which unit lies across each edge) is computed once and shared by all views;
 * a territory is just a set of units, and its indexes are cached by that set, so views that agree
 * (UKR, USA, NATO, UN on Crimea) share them.
 */
import Flatbush from 'flatbush';
import polygonClipping from 'polygon-clipping';
import { CONTESTED_AREAS, SLIVER_M2, type ContestedAreaDef } from './contested.js';
import { loadCountries, loadLand, type CountriesData, type Resolution } from './countries.js';
import { sphericalDistance } from './geodesy.js';
import { PreparedPolygons } from './prepared.js';
import { bboxesIntersect, clipRingToBox, densifyPolygons, polygonAreaM2, polygonsBBox, ringBBox, type BBox } from './rings.js';
import { SegmentSet } from './segments.js';
import { RingStore } from './store.js';
import type { MultiPolygonCoords, Ring } from './types.js';

export interface Unit {
  /** State key (ISO alpha-3 or a NO_ID_KEYS key) for a country unit; contested area id otherwise. */
  key: string;
  kind: 'state' | 'contested';
  name: string;
  /** Densified, cut at the antimeridian. */
  polygons: MultiPolygonCoords;
  bbox: BBox;
}

/** The indexes of one set of units (a territory). */
export interface UnitSet {
  units: number[];
  prepared: PreparedPolygons;
  /** Real boundary of the union: edges with a unit of another owner or water across (no cut edges). */
  boundary: SegmentSet;
  /** The coast: boundary edges with water across. */
  coast: SegmentSet;
  polygons: MultiPolygonCoords;
  bbox: BBox;
  /** Total length of the coast's edges, metres on the sphere (for descriptions). */
  coastKm: number;
}

const PROBE_DEG = 1e-6;
const WATER = -1;
const UNKNOWN = -2;

export class World {
  readonly resolution: Resolution;
  readonly countries: CountriesData;
  readonly units: Unit[] = [];
  readonly store: RingStore;
  readonly unitsOfState = new Map<string, number>();
  readonly unitOfContested = new Map<string, number>();
  readonly loadMs: number;
  private readonly unitPrepared: (PreparedPolygons | undefined)[];
  private readonly across: Int32Array;
  private readonly classified: Uint8Array;
  private readonly polyIndex: Flatbush;
  private readonly polyUnit: Int32Array;
  private landMaskCache: PreparedPolygons | undefined;
  private readonly sets = new Map<string, UnitSet>();
  private readonly segmentCache = new Map<string, SegmentSet>();
  private landCache: { polygons: MultiPolygonCoords; source: string } | undefined;

  constructor(resolution: Resolution) {
    const t0 = performance.now();
    this.resolution = resolution;
    this.countries = loadCountries(resolution);
    const byKey = new Map(this.countries.features.map((f) => [f.key, f.polygons] as const));
    const contestedPolys: MultiPolygonCoords[] = [];
    const tolerance = resolution === '10m' ? 1_000 : 5_000;
    for (const area of CONTESTED_AREAS) contestedPolys.push(carveContested(area, byKey, tolerance));
    for (const f of this.countries.features) {
      const polygons = densifyPolygons(byKey.get(f.key) ?? []);
      this.unitsOfState.set(f.key, this.units.length);
      this.units.push({ key: f.key, kind: 'state', name: f.name, polygons, bbox: polygonsBBox(polygons) });
    }
    CONTESTED_AREAS.forEach((area, i) => {
      const polygons = densifyPolygons(contestedPolys[i]!);
      this.unitOfContested.set(area.id, this.units.length);
      this.units.push({ key: area.id, kind: 'contested', name: area.name, polygons, bbox: polygonsBBox(polygons) });
    });
    this.store = new RingStore(this.units.map((u) => u.polygons));
    this.unitPrepared = new Array<PreparedPolygons | undefined>(this.units.length);
    this.across = new Int32Array(this.store.edgeCount).fill(UNKNOWN);
    this.classified = new Uint8Array(this.units.length);
    const { ringOuter, ringGroup, ringBox } = this.store;
    const outers: number[] = [];
    for (let r = 0; r < ringOuter.length; r++) if (ringOuter[r]) outers.push(r);
    this.polyIndex = new Flatbush(Math.max(1, outers.length));
    this.polyUnit = new Int32Array(Math.max(1, outers.length));
    outers.forEach((r, k) => {
      this.polyIndex.add(ringBox[4 * r]!, ringBox[4 * r + 1]!, ringBox[4 * r + 2]!, ringBox[4 * r + 3]!);
      this.polyUnit[k] = ringGroup[r]!;
    });
    if (outers.length === 0) this.polyIndex.add(0, 0, 0, 0);
    this.polyIndex.finish();
    this.loadMs = performance.now() - t0;
  }

  unitPreparedOf(u: number): PreparedPolygons {
    let p = this.unitPrepared[u];
    if (!p) {
      p = new PreparedPolygons(this.store, this.store.edgesOf([u]));
      this.unitPrepared[u] = p;
    }
    return p;
  }

  /** Every country and contested unit: land, as the admin-0 map draws it. */
  landMask(): PreparedPolygons {
    this.landMaskCache ??= new PreparedPolygons(this.store, this.store.allEdges());
    return this.landMaskCache;
  }

  /** The unit whose land holds the point, or -1 (water). */
  unitAt(lon: number, lat: number, skip = -1): number {
    let found = WATER;
    this.polyIndex.search(lon, lat, lon, lat, (i) => {
      if (found !== WATER) return false;
      const u = this.polyUnit[i]!;
      if (u !== skip && this.unitPreparedOf(u).contains(lon, lat)) found = u;
      return false;
    });
    return found;
  }

  /**
   * For each edge of unit u, the unit across it (or water), by probing a point 0.1 m either side of
   * the edge's midpoint: the side not in u is the outside, and whichever unit holds that point is
   * the neighbour. Shared arcs in the TopoJSON and the shared cut lines of contested areas make both
   * neighbours draw the same edge, so the probe lands in the right unit.
   */
  private classifyUnitEdges(u: number): void {
    if (this.classified[u]) return;
    this.classified[u] = 1;
    const { lon, lat, edgeV0, artificial } = this.store;
    const own = this.unitPreparedOf(u);
    const s = this.store.groupEdgeStart[u]!;
    const t = this.store.groupEdgeStart[u + 1]!;
    for (let e = s; e < t; e++) {
      if (artificial[e]) {
        this.across[e] = u;
        continue;
      }
      const v = edgeV0[e]!;
      const ax = lon[v]!;
      const ay = lat[v]!;
      const bx = lon[v + 1]!;
      const by = lat[v + 1]!;
      const len = Math.hypot(bx - ax, by - ay);
      if (len === 0) {
        this.across[e] = u;
        continue;
      }
      const mx = (ax + bx) / 2;
      const my = (ay + by) / 2;
      const ox = (-(by - ay) / len) * PROBE_DEG;
      const oy = ((bx - ax) / len) * PROBE_DEG;
      const inL = own.contains(mx + ox, my + oy);
      const inR = own.contains(mx - ox, my - oy);
      if (inL === inR) {
        // Both sides in the unit (an edge shared by two of its own polygons) or neither (a spike).
        this.across[e] = inL ? u : WATER;
        continue;
      }
      const px = inL ? mx - ox : mx + ox;
      const py = inL ? my - oy : my + oy;
      this.across[e] = this.unitAt(Math.max(-180, Math.min(180, px)), Math.max(-90, Math.min(90, py)), u);
    }
  }

  /** The unit across edge e (classifying its unit's edges on first use); -1 for water. */
  acrossEdge(e: number): number {
    const u = this.store.edgeGroup[e]!;
    if (!this.classified[u]) this.classifyUnitEdges(u);
    return this.across[e]!;
  }

  unitSet(units: number[]): UnitSet {
    const sorted = [...new Set(units)].sort((a, b) => a - b);
    const key = sorted.join(',');
    let set = this.sets.get(key);
    if (set) return set;
    const inSet = new Set(sorted);
    const all = this.store.edgesOf(sorted);
    const prepared = sorted.length === 1 ? this.unitPreparedOf(sorted[0]!) : new PreparedPolygons(this.store, all);
    const boundaryIds: number[] = [];
    const coastIds: number[] = [];
    let coastM = 0;
    const { lon, lat, edgeV0, artificial } = this.store;
    for (const e of all) {
      if (artificial[e]) continue;
      const a = this.acrossEdge(e);
      if (inSet.has(a)) continue;
      boundaryIds.push(e);
      if (a === WATER) {
        coastIds.push(e);
        const v = edgeV0[e]!;
        coastM += sphericalDistance(lon[v]!, lat[v]!, lon[v + 1]!, lat[v + 1]!);
      }
    }
    const polygons = sorted.flatMap((u) => this.units[u]!.polygons);
    set = {
      units: sorted,
      prepared,
      boundary: new SegmentSet(this.store, Int32Array.from(boundaryIds)),
      coast: new SegmentSet(this.store, Int32Array.from(coastIds)),
      polygons,
      bbox: polygonsBBox(polygons),
      coastKm: coastM / 1000,
    };
    this.sets.set(key, set);
    return set;
  }

  /** Edges of units of `a` with a unit of `b` across: the land border between the two sets. */
  borderBetween(a: number[], b: number[]): SegmentSet {
    const key = `border:${[...a].sort((x, y) => x - y).join(',')}|${[...b].sort((x, y) => x - y).join(',')}`;
    let set = this.segmentCache.get(key);
    if (set) return set;
    const inB = new Set(b);
    const ids: number[] = [];
    for (const e of this.store.edgesOf(a)) {
      if (this.store.artificial[e]) continue;
      if (inB.has(this.acrossEdge(e))) ids.push(e);
    }
    set = new SegmentSet(this.store, Int32Array.from(ids));
    this.segmentCache.set(key, set);
    return set;
  }

  /** Real boundary edges of every unit not in `exclude` whose box meets `bbox`: "other land". */
  otherLand(exclude: number[], bbox: BBox): SegmentSet {
    const key = `other:${[...exclude].sort((x, y) => x - y).join(',')}:${bbox.map((v) => v.toFixed(3)).join(',')}`;
    let set = this.segmentCache.get(key);
    if (set) return set;
    const skip = new Set(exclude);
    const units = this.units.map((_, i) => i).filter((i) => !skip.has(i) && bboxesIntersect(this.units[i]!.bbox, bbox));
    const { lon, lat, edgeV0, artificial } = this.store;
    const ids = this.store.edgesOf(units, (e) => {
      if (artificial[e]) return false;
      const v = edgeV0[e]!;
      const x0 = Math.min(lon[v]!, lon[v + 1]!);
      const x1 = Math.max(lon[v]!, lon[v + 1]!);
      const y0 = Math.min(lat[v]!, lat[v + 1]!);
      const y1 = Math.max(lat[v]!, lat[v + 1]!);
      return x1 >= bbox[0] && x0 <= bbox[2] && y1 >= bbox[1] && y0 <= bbox[3];
    });
    set = new SegmentSet(this.store, ids);
    this.segmentCache.set(key, set);
    return set;
  }

  /** Natural Earth land (for seas), loaded on first use. */
  land(): { polygons: MultiPolygonCoords; source: string } {
    this.landCache ??= loadLand(this.resolution);
    return this.landCache;
  }

  /** Land polygons clipped to a box (Sutherland-Hodgman), for building seas. */
  landInBox(bbox: BBox): MultiPolygonCoords {
    const out: MultiPolygonCoords = [];
    for (const p of this.land().polygons) {
      const outer = p[0];
      if (!outer || !bboxesIntersect(ringBBox(outer), bbox)) continue;
      const clipped = clipRingToBox(outer, bbox[0], bbox[1], bbox[2], bbox[3]);
      if (!clipped) continue;
      const holes = p.slice(1).map((r) => clipRingToBox(r, bbox[0], bbox[1], bbox[2], bbox[3]));
      out.push([clipped, ...holes.filter((r): r is Ring => !!r)]);
    }
    return out;
  }
}

/**
 * Takes a contested area out of the country polygons in `byKey` (mutating them) and returns its land.
 * Throws when the region covers land of a state that is not a claimant, which would mean the region
 * polygon strays over a coast it was meant to pass by.
 *
 * A claimant's piece left outside the region counts as a sliver, and joins the contested land, when
 * it is under SLIVER_M2 or lies wholly within `toleranceM` of the region's boundary: the base map and
 * the region's line are digitised separately and differ by about the map's own accuracy (metres at
 * 1:10m, a kilometre or two at 1:50m), and such a strip is not territory of the other side.
 */
function carveContested(area: ContestedAreaDef, byKey: Map<string, MultiPolygonCoords>, toleranceM: number): MultiPolygonCoords {
  const region = area.region as polygonClipping.MultiPolygon;
  const rb = polygonsBBox(area.region);
  const pad = 0.05;
  const near: BBox = [rb[0] - pad, rb[1] - pad, rb[2] + pad, rb[3] + pad];
  const pieces: polygonClipping.Polygon[] = [];
  for (const [key, polys] of byKey) {
    const touching = polys.filter((p) => bboxesIntersect(ringBBox(p[0]!), rb));
    if (!touching.length) continue;
    const kept: MultiPolygonCoords = [];
    let changed = false;
    for (const poly of touching) {
      // Clip to the region's box first: a 20,000-vertex mainland polygon that merely shares the box
      // (Russia's, for Crimea) is then ruled out in milliseconds.
      const outer = clipRingToBox(poly[0]!, near[0], near[1], near[2], near[3]);
      if (!outer) {
        kept.push(poly);
        continue;
      }
      const holes = poly.slice(1).map((r) => clipRingToBox(r, near[0], near[1], near[2], near[3])).filter((r): r is Ring => !!r);
      const inside = polygonClipping.intersection([outer, ...holes] as polygonClipping.Polygon, region);
      const insideArea = inside.reduce((s, p) => s + polygonAreaM2(p as Ring[]), 0);
      if (!inside.length || insideArea === 0) {
        kept.push(poly);
        continue;
      }
      if (!area.claimants.includes(key)) {
        if (insideArea > SLIVER_M2) throw new Error(`contested area ${area.id}: its region covers ${(insideArea / 1e6).toFixed(1)} km2 of ${key}, which is not a claimant`);
        kept.push(poly);
        continue;
      }
      changed = true;
      pieces.push(...inside);
      for (const p of polygonClipping.difference(poly as polygonClipping.Polygon, region)) {
        if (bboxesIntersect(ringBBox(p[0] as Ring), near) && isSliver(p as Ring[], area.region, toleranceM)) pieces.push(p);
        else kept.push(p as Ring[]);
      }
    }
    if (changed) byKey.set(key, [...polys.filter((p) => !touching.includes(p)), ...kept]);
  }
  if (!pieces.length) return [];
  return polygonClipping.union(pieces[0]!, ...pieces.slice(1)) as MultiPolygonCoords;
}

/** Small, or no further than `toleranceM` from the region's boundary anywhere. */
function isSliver(p: Ring[], region: MultiPolygonCoords, toleranceM: number): boolean {
  if (polygonAreaM2(p) < SLIVER_M2) return true;
  const lines = region.flatMap((poly) => poly);
  for (const [x, y] of p[0]!) {
    let best = Infinity;
    for (const r of lines) for (let i = 0; i + 1 < r.length; i++) best = Math.min(best, planarDistanceM(x, y, r[i]!, r[i + 1]!));
    if (best > toleranceM) return false;
  }
  return true;
}

/** Distance from a point to a short lon/lat segment in a local plane, metres (a tolerance test only). */
function planarDistanceM(x: number, y: number, a: readonly number[], b: readonly number[]): number {
  const k = Math.cos((y * Math.PI) / 180);
  const ax = (a[0]! - x) * k;
  const ay = a[1]! - y;
  const bx = (b[0]! - x) * k;
  const by = b[1]! - y;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
  return Math.hypot(ax + t * dx, ay + t * dy) * 111_195;
}
