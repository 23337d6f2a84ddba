/**
 * PlaceSpec -> Region under a view. Parties become states through the caller's `partyStates`,
 * states become map units, and the view decides who owns each contested unit. Heavy parts (prepared
 * polygons, segment indexes, sea polygons) are cached in the World by what they are made of, so
 * regions that differ only in id or in a view that agrees share them.
 */
import polygonClipping from 'polygon-clipping';
import { CONTESTED_AREAS, UnassignedContestedAreaError, VIEWS } from './contested.js';
import { NAUTICAL_MILE_M } from './geodesy.js';
import { PreparedPolygons } from './prepared.js';
import { BorderBeltRegion, PolygonRegion, ReachRegion, TerritorialSeaRegion, cellDegFor, expandBBox, outlineNote, type RegionMeta } from './regions.js';
import { cutAtAntimeridian, densifyPolygons, pointInPolygon, polygonsBBox, type BBox } from './rings.js';
import { SEAS, seaId } from './seas.js';
import { SegmentSet } from './segments.js';
import { RingStore } from './store.js';
import type { MultiPolygonCoords, PartyStates, PlaceSpec, Region, Ring } from './types.js';
import type { World } from './world.js';

/** The units a party holds under a view, and the contested areas whose assignment was used. */
interface Holding {
  party: string;
  states: string[];
  units: number[];
  contested: string[];
  /** e.g. "RUS (Crimea counted as RUS's)". */
  label: string;
}

function viewDef(view: string) {
  return VIEWS.find((v) => v.id.toUpperCase() === view.toUpperCase());
}

function holding(world: World, regionId: string, party: string, view: string, partyStates: PartyStates): Holding {
  const states = [...new Set(partyStates(party))];
  if (!states.length) throw new Error(`place "${regionId}": party "${party}" holds no state`);
  const units: number[] = [];
  for (const s of states) {
    const u = world.unitsOfState.get(s);
    if (u === undefined) throw new Error(`place "${regionId}": state "${s}" of party "${party}" is not on the map (expected an ISO 3166-1 alpha-3 code or a key such as XKX)`);
    units.push(u);
  }
  const contested: string[] = [];
  const notes: string[] = [];
  for (const area of CONTESTED_AREAS) {
    if (!area.claimants.some((c) => states.includes(c))) continue;
    const owner = viewDef(view)?.assigns[area.id];
    if (!owner) throw new UnassignedContestedAreaError(view, area.id, regionId);
    contested.push(area.id);
    if (states.includes(owner)) {
      units.push(world.unitOfContested.get(area.id)!);
      notes.push(`${area.id} counted as ${owner}'s`);
    } else notes.push(`${area.id} counted as ${owner}'s, not ${party}'s`);
  }
  const parts = [...(states.length === 1 && states[0] === party ? [] : [states.join(', ')]), ...notes];
  return { party, states, units, contested, label: parts.length ? `${party} (${parts.join('; ')})` : party };
}

function meta(id: string, view: string, description: string, contested: string[]): RegionMeta {
  return { id, view, description, contested };
}

function viewPhrase(view: string, contested: string[]): string {
  if (!contested.length) return '';
  const v = viewDef(view);
  return ` On the ${view} view (${v?.source ?? 'no source'}).`;
}

export function resolveRegion(world: World, id: string, spec: PlaceSpec, view: string, partyStates: PartyStates): Region {
  const base = world.countries.source;
  const scale = world.resolution === '10m' ? '1:10m' : '1:50m';
  switch (spec.kind) {
    case 'territory': {
      const h = holding(world, id, spec.party, view, partyStates);
      const set = world.unitSet(h.units);
      const description = `Land territory of ${h.label}: ${base} polygons with contested areas per the view, cut at the antimeridian; distances are WGS84 geodesics (Karney) to the boundary.${viewPhrase(view, h.contested)}`;
      return new PolygonRegion(meta(id, view, description, h.contested), 'territory', set.prepared, set.boundary, set.polygons, set.bbox);
    }
    case 'reach': {
      if (!(spec.radiusKm >= 0) || !Number.isFinite(spec.radiusKm)) throw new Error(`place "${id}": radiusKm must be a non-negative number`);
      const h = holding(world, id, spec.of, view, partyStates);
      const set = world.unitSet(h.units);
      const R = spec.radiusKm * 1000;
      const cell = cellDegFor(R);
      const description = `Everything within ${spec.radiusKm} km (WGS84 geodesic) of the land territory of ${h.label}, the territory included; the territory is ${base}; ${outlineNote(cell)}.${viewPhrase(view, h.contested)}`;
      return new ReachRegion(meta(id, view, description, h.contested), set, R, expandBBox(set.bbox, R), cell);
    }
    case 'territorial-sea': {
      const widthNm = spec.widthNm ?? 12;
      if (!(widthNm > 0) || !Number.isFinite(widthNm)) throw new Error(`place "${id}": widthNm must be a positive number`);
      const h = holding(world, id, spec.party, view, partyStates);
      const set = world.unitSet(h.units);
      const W = widthNm * NAUTICAL_MILE_M;
      const bbox = expandBBox(set.bbox, W);
      const others = world.otherLand(set.units, expandBBox(set.bbox, 2 * W + 5000));
      const cell = cellDegFor(W);
      const landlocked = set.coast.size === 0 ? ' It has no coast on the map, so the region is empty.' : '';
      const description =
        `Territorial sea of ${h.label}: water (not land of any state on the map) within ${widthNm} nmi (${(W / 1000).toFixed(3)} km, WGS84 geodesic) of its coast (${Math.round(set.coastKm).toLocaleString('en-GB')} km of it at this scale) and nearer to its land than to any other state's ` +
        `(equidistance, UNCLOS art. 15). The ${base} coastline stands in for the low-water baseline (art. 5); straight baselines (art. 7, declared by Russia, Ukraine and others), bay closing lines and islands too small for ${scale} are not modelled. ` +
        `The generalised coastline is typically within ~${world.resolution === '10m' ? 1 : 5} km of the real one at ${scale}, so the outer limit can be off by about that much, by several km more where straight baselines apply; ${outlineNote(cell)}.${landlocked}${viewPhrase(view, h.contested)}`;
      return new TerritorialSeaRegion(meta(id, view, description, h.contested), set, others, world.landMask(), W, bbox, cell);
    }
    case 'border-belt': {
      if (!(spec.widthKm > 0) || !Number.isFinite(spec.widthKm)) throw new Error(`place "${id}": widthKm must be a positive number`);
      const [pa, pb] = spec.between;
      const a = holding(world, id, pa, view, partyStates);
      const b = holding(world, id, pb, view, partyStates);
      const overlap = a.units.filter((u) => b.units.includes(u));
      if (overlap.length) throw new Error(`place "${id}": parties ${pa} and ${pb} share territory (${overlap.map((u) => world.units[u]!.key).join(', ')}), so there is no border between them`);
      const border = world.borderBetween(a.units, b.units);
      if (border.size === 0) throw new Error(`place "${id}": ${pa} and ${pb} share no land border on the ${view} view`);
      const ab = world.unitSet([...a.units, ...b.units]);
      const w = spec.widthKm * 1000;
      const cell = cellDegFor(w);
      const contested = [...new Set([...a.contested, ...b.contested])];
      const description =
        `Land of ${a.label} or ${b.label} within ${spec.widthKm} km (WGS84 geodesic) of the land border between them: the ${Math.round(border.lengthKm()).toLocaleString('en-GB')} km of boundary ${base} draws as shared by their territories, contested areas per the view; ${outlineNote(cell)}.` +
        viewPhrase(view, contested);
      return new BorderBeltRegion(meta(id, view, description, contested), ab, border, w, expandBBox(ab.bbox, w), cell);
    }
    case 'sea':
      return seaRegion(world, id, spec.sea, view);
    case 'custom':
      return customRegion(id, spec, view);
    default:
      throw new Error(`place "${id}": unknown place kind "${(spec as { kind?: unknown }).kind}"`);
  }
}

const seaCache = new WeakMap<World, Map<string, { prepared: PreparedPolygons; boundary: SegmentSet; polygons: MultiPolygonCoords; bbox: BBox; areaKm2: number }>>();

function seaRegion(world: World, id: string, name: string, view: string): Region {
  const sid = seaId(name);
  const def = SEAS.find((s) => s.id === sid);
  if (!def) throw new Error(`place "${id}": unknown sea "${name}" (known: ${SEAS.map((s) => s.id).join(', ')}; aliases such as black-sea, baltic-sea, sea-of-azov)`);
  let cache = seaCache.get(world);
  if (!cache) seaCache.set(world, (cache = new Map()));
  let built = cache.get(def.id);
  if (!built) {
    const limits: Ring[][] = [[def.limits]];
    const lb = polygonsBBox(limits);
    const pad = 0.5;
    const land = world.landInBox([lb[0] - pad, lb[1] - pad, lb[2] + pad, lb[3] + pad]);
    const water = polygonClipping.difference(limits as polygonClipping.MultiPolygon, ...(land as polygonClipping.Polygon[])) as MultiPolygonCoords;
    const kept = water.filter((p) => def.seeds.some(([x, y]) => pointInPolygon(p, x, y)));
    const polygons = densifyPolygons(kept);
    const store = new RingStore([polygons]);
    const prepared = new PreparedPolygons(store, store.allEdges());
    const boundary = new SegmentSet(store, store.allEdges((e) => !store.artificial[e]));
    const areaKm2 = kept.reduce((s, p) => s + polygonArea(p), 0) / 1e6;
    built = { prepared, boundary, polygons, bbox: polygonsBBox(polygons), areaKm2 };
    cache.set(def.id, built);
  }
  const description = `${def.name} as limited by IHO S-23 "Limits of Oceans and Seas" (3rd ed., 1953), closing lines ${def.closingLines}: the water (not ${world.land().source}) inside a hand-written limits polygon (src/geo/seas.ts), ${Math.round(built.areaKm2).toLocaleString('en-GB')} km2.`;
  return new PolygonRegion(meta(id, view, description, []), 'sea', built.prepared, built.boundary, built.polygons, built.bbox);
}

function polygonArea(p: Ring[]): number {
  let a = 0;
  const d = Math.PI / 180;
  p.forEach((r, k) => {
    let s = 0;
    for (let i = 0; i + 1 < r.length; i++) s += (r[i + 1]![0] - r[i]![0]) * d * (2 + Math.sin(r[i]![1] * d) + Math.sin(r[i + 1]![1] * d));
    a += (k === 0 ? 1 : -1) * Math.abs(s / 2) * 6371008.8 * 6371008.8;
  });
  return a;
}

/** Validates a custom GeoJSON geometry: rings closed, at least four positions, lon/lat in range. */
export function validateCustom(id: string, geometry: { type: string; coordinates: unknown }): MultiPolygonCoords {
  const fail = (msg: string): never => {
    throw new Error(`place "${id}": invalid custom geometry: ${msg}`);
  };
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as unknown[]) : fail(`type must be Polygon or MultiPolygon, not ${geometry.type}`);
  if (!Array.isArray(polys) || polys.length === 0) fail('no polygons');
  const out: MultiPolygonCoords = [];
  polys.forEach((p, pi) => {
    if (!Array.isArray(p) || p.length === 0) fail(`polygon ${pi} has no rings`);
    const rings: Ring[] = [];
    (p as unknown[]).forEach((r, ri) => {
      const where = `polygon ${pi} ring ${ri}`;
      if (!Array.isArray(r) || r.length < 4) fail(`${where} needs at least 4 positions (first repeated last)`);
      const ring: Ring = (r as unknown[]).map((pos, k) => {
        if (!Array.isArray(pos) || pos.length < 2 || typeof pos[0] !== 'number' || typeof pos[1] !== 'number' || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) fail(`${where} position ${k} is not [lon, lat]`);
        const [x, y] = pos as [number, number];
        if (x < -180 || x > 180) fail(`${where} position ${k}: longitude ${x} outside [-180, 180]`);
        if (y < -90 || y > 90) fail(`${where} position ${k}: latitude ${y} outside [-90, 90]`);
        return [x, y];
      });
      const a = ring[0]!;
      const b = ring[ring.length - 1]!;
      if (a[0] !== b[0] || a[1] !== b[1]) fail(`${where} is not closed (first position ${JSON.stringify(a)}, last ${JSON.stringify(b)})`);
      rings.push(ring);
    });
    out.push(rings);
  });
  return out;
}

function customRegion(id: string, spec: Extract<PlaceSpec, { kind: 'custom' }>, view: string): Region {
  const polys = validateCustom(id, spec.geometry);
  const cut = polys.flatMap((p) => cutAtAntimeridian(p));
  const merged = cut.length ? (polygonClipping.union(cut[0] as polygonClipping.Polygon, ...(cut.slice(1) as polygonClipping.Polygon[])) as MultiPolygonCoords) : [];
  const polygons = densifyPolygons(merged);
  const store = new RingStore([polygons]);
  const prepared = new PreparedPolygons(store, store.allEdges());
  const boundary = new SegmentSet(store, store.allEdges((e) => !store.artificial[e]));
  const crossed = cut.length > polys.length || cut.some((p) => p.some((r) => r.some(([x]) => Math.abs(x) === 180)));
  const description = `Custom zone${spec.name ? ` "${spec.name}"` : ''} as given (${polys.length} polygon(s)${crossed ? ', cut at the antimeridian' : ''}); edges are straight lines in lon/lat (RFC 7946), distances WGS84 geodesics to its boundary.`;
  return new PolygonRegion(meta(id, view, description, []), 'custom', prepared, boundary, polygons, polygonsBBox(polygons));
}
