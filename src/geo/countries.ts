/**
 * Countries and land from the npm package world-atlas (Natural Earth 4.1 admin-0 and land, public
 * domain, TopoJSON), keyed by ISO 3166-1 alpha-3. Read once; every polygon is cut at the antimeridian
 * here, before anything planar looks at it.
 *
 * Keys. world-atlas carries ISO 3166-1 numeric ids only; i18n-iso-countries turns them into alpha-3.
 * Features without an id get the fixed keys in NO_ID_KEYS: XKX for Kosovo (the user-assigned code the
 * EU and IMF use) and descriptive names for the rest. None of them is folded into a state: which
 * state, if any, holds Somaliland or Northern Cyprus is a question for the caller's `partyStates`,
 * not for the map. Both features numbered 036 (Australia, Ashmore and Cartier Is.) go to AUS.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import isoCountries from 'i18n-iso-countries';
import * as topojson from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { cutAtAntimeridian } from './rings.js';
import type { MultiPolygonCoords, Ring } from './types.js';

export type Resolution = '10m' | '50m';

/** Stable keys for the Natural Earth admin-0 features that have no ISO 3166-1 code. */
export const NO_ID_KEYS: Readonly<Record<string, string>> = {
  Kosovo: 'XKX',
  Somaliland: 'SOMALILAND',
  'N. Cyprus': 'N-CYPRUS',
  'Cyprus U.N. Buffer Zone': 'CYPRUS-UN-BUFFER',
  Dhekelia: 'DHEKELIA',
  Akrotiri: 'AKROTIRI',
  'USNB Guantanamo Bay': 'GUANTANAMO',
  'Siachen Glacier': 'SIACHEN',
  Baikonur: 'BAIKONUR',
  'Indian Ocean Ter.': 'INDIAN-OCEAN-TER',
  'Coral Sea Is.': 'CORAL-SEA-IS',
  'Spratly Is.': 'SPRATLY-IS',
  'Clipperton I.': 'CLIPPERTON',
  'Bajo Nuevo Bank': 'BAJO-NUEVO',
  'Serranilla Bank': 'SERRANILLA',
  'Scarborough Reef': 'SCARBOROUGH',
};

export interface CountryFeature {
  /** ISO 3166-1 alpha-3, or a key from NO_ID_KEYS. */
  key: string;
  /** Natural Earth's name. */
  name: string;
  /** Polygons cut at the antimeridian (not yet densified). */
  polygons: MultiPolygonCoords;
}

export interface CountriesData {
  resolution: Resolution;
  source: string;
  features: CountryFeature[];
  topology: Topology;
  object: GeometryCollection;
  /** Key of each geometry of `object`, in order (for meshes of shared arcs). */
  keyOfGeometry: string[];
}

const require = createRequire(import.meta.url);

function readJson<T>(spec: string): T {
  return JSON.parse(readFileSync(require.resolve(spec), 'utf8')) as T;
}

export function worldAtlasVersion(): string {
  return readJson<{ version: string }>('world-atlas/package.json').version;
}

function slugKey(name: string): string {
  return `NE-${name.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export function keyOf(id: string | number | undefined, name: string): string {
  if (id !== undefined && id !== null && id !== '') {
    const a3 = isoCountries.numericToAlpha3(String(id).padStart(3, '0'));
    if (a3) return a3;
  }
  return NO_ID_KEYS[name] ?? slugKey(name);
}

function asPolygons(geometry: { type: string; coordinates?: unknown } | null): MultiPolygonCoords {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates as Ring[]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as Ring[][];
  return [];
}

export function loadCountries(resolution: Resolution): CountriesData {
  const file = `world-atlas/countries-${resolution}.json`;
  const topology = readJson<Topology>(file);
  const object = topology.objects['countries'] as GeometryCollection;
  const byKey = new Map<string, CountryFeature>();
  const keyOfGeometry: string[] = [];
  for (const g of object.geometries) {
    const name = String((g.properties as { name?: string } | undefined)?.name ?? '');
    const key = keyOf(g.id, name);
    keyOfGeometry.push(key);
    const f = topojson.feature(topology, g) as unknown as { geometry: { type: string; coordinates?: unknown } | null };
    const polygons = asPolygons(f.geometry).flatMap((p) => cutAtAntimeridian(p));
    const existing = byKey.get(key);
    if (existing) existing.polygons.push(...polygons);
    else byKey.set(key, { key, name, polygons });
  }
  return {
    resolution,
    source: `Natural Earth 1:${resolution === '10m' ? '10' : '50'}m admin-0 countries (world-atlas ${worldAtlasVersion()}, countries-${resolution}.json)`,
    features: [...byKey.values()],
    topology,
    object,
    keyOfGeometry,
  };
}

/** Land polygons (Natural Earth land, world-atlas land-<res>.json), cut at the antimeridian. */
export function loadLand(resolution: Resolution): { polygons: MultiPolygonCoords; source: string } {
  const topology = readJson<Topology>(`world-atlas/land-${resolution}.json`);
  const object = topology.objects['land']!;
  const fc = topojson.feature(topology, object) as unknown as { features?: { geometry: { type: string; coordinates?: unknown } | null }[]; geometry?: { type: string; coordinates?: unknown } | null };
  const geoms = fc.features ? fc.features.map((f) => f.geometry) : [fc.geometry ?? null];
  const polygons = geoms.flatMap((g) => asPolygons(g)).flatMap((p) => cutAtAntimeridian(p));
  return { polygons, source: `Natural Earth 1:${resolution === '10m' ? '10' : '50'}m land (world-atlas ${worldAtlasVersion()}, land-${resolution}.json)` };
}

/** English short name of a state (ISO alpha-3) or of a keyed Natural Earth feature. */
export function isoName(key: string): string | undefined {
  return isoCountries.getName(key, 'en') ?? undefined;
}
