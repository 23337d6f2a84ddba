/**
 * What the rest of Redline asks of geography. The agreement language produces `PlaceSpec`s; geo
 * resolves each one under a view into a `Region` the engine can test points against.
 */

export type Position2 = [number, number];
export type Ring = Position2[];
/** GeoJSON-like MultiPolygon coordinates: polygons of rings (outer first, then holes), lon/lat degrees. */
export type MultiPolygonCoords = Ring[][];

export type PlaceSpec =
  | { kind: 'territory'; party: string }
  | { kind: 'territorial-sea'; party: string; widthNm?: number }
  | { kind: 'sea'; sea: string }
  | { kind: 'border-belt'; between: [string, string]; widthKm: number }
  | { kind: 'reach'; of: string; radiusKm: number }
  | { kind: 'custom'; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }; name?: string };

/**
 * How a party id maps to the states whose territory it holds. A state maps to itself (ISO 3166-1
 * alpha-3); an alliance maps to its members on a date. Supplied by the caller, so geo knows nothing
 * of the agreement language.
 */
export type PartyStates = (party: string) => string[];

/** The result of an exact distance query: geodesic metres on WGS84 and the nearest point found. */
export interface Nearest {
  metres: number;
  lon: number;
  lat: number;
  /**
   * Set when `metres` is a proven lower bound rather than the exact distance (some cases of
   * distance-defined regions, see the region's description); `lon`/`lat` are then the point the
   * bound was measured from. Absent means exact.
   */
  lowerBound?: true;
}

/** A place resolved under a view: something points can be tested against. */
export interface Region {
  /** The place id from the agreement (or a generated one). */
  readonly id: string;
  readonly kind: PlaceSpec['kind'];
  /** The view (a party id) this region was resolved under. */
  readonly view: string;
  /**
   * Contested areas whose assignment under the view shaped this region (e.g. `['crimea']`); empty or
   * absent when none did, so the region is the same on every view.
   */
  readonly contested?: readonly string[];
  /** One sentence on how the geometry was obtained, for explanations. */
  readonly description: string;
  /** [minLon, minLat, maxLon, maxLat] that contains the region. */
  readonly bbox: readonly [number, number, number, number];
  /** Point-in-region. Points on the boundary may go either way. */
  contains(lon: number, lat: number): boolean;
  /**
   * Exact geodesic distance (Karney, WGS84) from the point to the region: 0 inside. Returns
   * `undefined` when the region is further than `maxMetres` (pass Infinity for no limit): the cheap
   * bound then decides without the exact computation.
   */
  distance(lon: number, lat: number, maxMetres: number): Nearest | undefined;
  /**
   * Exact geodesic distance from the point to the region's boundary, inside or out (for "how deep
   * inside"); `undefined` when further than `maxMetres`.
   */
  boundaryDistance?(lon: number, lat: number, maxMetres: number): Nearest | undefined;
  /**
   * Territorial seas only: depth inside the sea's outer and lateral limits, the coast not counted
   * (for places that join a territory and its sea, where the coast is no exit).
   */
  seawardDepth?(lon: number, lat: number): Nearest | undefined;
  /** The region as GeoJSON MultiPolygon coordinates for maps and output (may be simplified). */
  geometry(): MultiPolygonCoords;
  /**
   * Whether `contains` answers as `other`'s does at every point: the same region, or one resolved
   * elsewhere (under another view) from the same polygons. False when that cannot be shown cheaply.
   */
  decidesLike(other: Region): boolean;
}

/** A contested area: land whose sovereignty the views disagree on. */
export interface ContestedArea {
  id: string;
  name: string;
  /** The states a view may assign it to (ISO 3166-1 alpha-3). */
  claimants: readonly string[];
  /** view id -> the state that view assigns it to. */
  assignments: Readonly<Record<string, string>>;
  /** The region polygon; the contested land is its intersection with the land of the base map. */
  region: MultiPolygonCoords;
  description: string;
  source: string;
}

/** A view: whose map territory is judged on, with the public act it rests on. */
export interface ViewInfo {
  id: string;
  /** contested area id -> state. */
  assigns: Readonly<Record<string, string>>;
  source: string;
}

/** The geography service (`createGeo()` in src/geo/index.ts). */
export interface Geo {
  /**
   * Resolves a place under a view. Throws when a party maps to an unknown state, when the geometry
   * of a custom place is invalid, when a sea is unknown, or when the view does not assign a contested
   * area the region depends on (the message names the view and the area).
   */
  resolve(id: string, spec: PlaceSpec, view: string, partyStates: PartyStates): Region;
  /** Ids of the views that assign every contested area. */
  views(): string[];
  /** Details of the views. */
  viewInfo(): ViewInfo[];
  contested(): ContestedArea[];
  /** English name of a state (ISO 3166-1 alpha-3) or of a keyed map unit; undefined if unknown. */
  countryName(iso3: string): string | undefined;
  /** The state keys the map knows (ISO alpha-3 plus keys such as XKX for features without a code). */
  stateKeys(): string[];
}
