/**
 * Geography for Redline: places resolved under a view into regions points can be tested against.
 *
 *   const geo = createGeo();                      // nothing is read until the first resolve
 *   const ts = geo.resolve('ru-ts', { kind: 'territorial-sea', party: 'RUS' }, 'RUS', (p) => [p]);
 *   ts.contains(33.40, 44.50);                    // true: HMS Defender's track, 23 June 2021
 *
 * Data: Natural Earth 4.1 through world-atlas (public domain); contested areas and views in
 * contested.ts; IHO S-23 sea limits in seas.ts. Distances: WGS84 geodesics (Karney) in geodesy.ts.
 */
import { CONTESTED_AREAS, VIEWS } from './contested.js';
import { isoName, type Resolution } from './countries.js';
import { resolveRegion } from './resolve.js';
import type { ContestedArea, Geo, PartyStates, PlaceSpec, Region, ViewInfo } from './types.js';
import { World } from './world.js';

export type * from './types.js';
export { UnassignedContestedAreaError } from './contested.js';
export { NAUTICAL_MILE_M, geodesicDistance, geodesicDirect, geodesicInverse, sphericalDistance } from './geodesy.js';
export { seaId } from './seas.js';

export interface GeoOptions {
  /** Natural Earth scale: '10m' (default, 1:10 million) or '50m' (faster to load, coarser). */
  resolution?: Resolution;
}

/** The geography service, with load statistics for reports. */
export interface LoadedGeo extends Geo {
  /** Milliseconds spent loading the map (0 until something needed it). */
  loadMs(): number;
  /** The loaded world (loads it); for tests and diagnostics. */
  world(): World;
}

export function createGeo(options: GeoOptions = {}): LoadedGeo {
  const resolution = options.resolution ?? '10m';
  let world: World | undefined;
  const load = (): World => (world ??= new World(resolution));
  const states = (): string[] => [...load().unitsOfState.keys()].sort();
  return {
    resolve(id: string, spec: PlaceSpec, view: string, partyStates: PartyStates): Region {
      return resolveRegion(load(), id, spec, view, partyStates);
    },
    views(): string[] {
      return VIEWS.filter((v) => CONTESTED_AREAS.every((a) => a.id in v.assigns)).map((v) => v.id);
    },
    viewInfo(): ViewInfo[] {
      return VIEWS.map((v) => ({ id: v.id, assigns: { ...v.assigns }, source: v.source }));
    },
    contested(): ContestedArea[] {
      return CONTESTED_AREAS.map((a) => ({
        id: a.id,
        name: a.name,
        claimants: [...a.claimants],
        assignments: Object.fromEntries(VIEWS.filter((v) => a.id in v.assigns).map((v) => [v.id, v.assigns[a.id]!])),
        region: a.region,
        description: a.description,
        source: a.source,
      }));
    },
    countryName(iso3: string): string | undefined {
      const byIso = isoName(iso3);
      if (byIso) return byIso;
      const w = load();
      const u = w.unitsOfState.get(iso3);
      return u === undefined ? undefined : w.units[u]!.name;
    },
    stateKeys: states,
    loadMs: () => world?.loadMs ?? 0,
    world: load,
  };
}
