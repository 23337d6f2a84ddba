/**
 * Stored positions as GeoJSON (RFC 7946): one Point per fix, or one LineString per asset with a
 * time per vertex in `properties.times`, the shape the GeoJSON reader takes back in, so a track
 * fetched from the API can be submitted or checked again as it is.
 */
import type { Asset, ObservationSet } from '../observations/model.js';

function assetProps(a: Asset): Record<string, unknown> {
  const out: Record<string, unknown> = { asset: a.id };
  for (const k of ['name', 'party', 'flag', 'class', 'mmsi', 'weaponRangeKm'] as const) if (a[k] !== undefined) out[k] = a[k];
  return out;
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : Math.round(x * 10) / 10);

/** `rows` in time order. */
export function pointsGeoJSON(set: ObservationSet, rows: readonly number[]): object {
  const p = set.positions;
  const features = rows.map((i) => {
    const a = set.assets.at(p.asset[i]!);
    return {
      type: 'Feature',
      id: p.observationId(i),
      geometry: { type: 'Point', coordinates: [p.lon[i]!, p.lat[i]!] },
      properties: { ...assetProps(a), time: new Date(p.time[i]!).toISOString(), speed: orNull(p.speed[i]!), course: orNull(p.course[i]!), observation: p.observationId(i) },
    };
  });
  return { type: 'FeatureCollection', features };
}

/** One LineString per asset (a Point for an asset with one fix), vertices in time order. */
export function tracksGeoJSON(set: ObservationSet, rows: readonly number[]): object {
  const p = set.positions;
  const byAsset = new Map<number, number[]>();
  for (const i of rows) {
    const a = p.asset[i]!;
    let list = byAsset.get(a);
    if (!list) byAsset.set(a, (list = []));
    // Two fixes at one instant (two receivers heard the same message) would make a zero-time step.
    const last = list[list.length - 1];
    if (last !== undefined && p.time[last] === p.time[i]) continue;
    list.push(i);
  }
  const features = [...byAsset].map(([asset, list]) => {
    const a = set.assets.at(asset);
    const coordinates = list.map((i) => [p.lon[i]!, p.lat[i]!]);
    const times = list.map((i) => new Date(p.time[i]!).toISOString());
    return {
      type: 'Feature',
      id: a.id,
      geometry: coordinates.length === 1 ? { type: 'Point', coordinates: coordinates[0] } : { type: 'LineString', coordinates },
      properties: { ...assetProps(a), ...(coordinates.length === 1 ? { time: times[0] } : { times }), observations: list.map((i) => p.observationId(i)) },
    };
  });
  return { type: 'FeatureCollection', features };
}
