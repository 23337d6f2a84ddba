/**
 * Reads GeoJSON tracks into the shared observation model.
 *
 * Input: a FeatureCollection, or a single Feature, whose features are
 *  - `LineString` / `MultiLineString` tracks with one time per vertex in `properties.times`, or in
 *    `properties.coordTimes` (the name togeojson gives GPX/KML track times). For a MultiLineString the
 *    times are either one array per part (togeojson's shape) or one flat array over all vertices.
 *    Times hidden in a third or fourth coordinate are not read: the third element is altitude in
 *    RFC 7946, and tools disagree on what a fourth one means.
 *  - `Point` fixes with `properties.time`.
 * A time is an ISO 8601 string with `Z` or an offset, a date (00:00 UTC), or epoch milliseconds.
 *
 * The asset is `properties.asset`, else `properties.mmsi` (`mmsi:<n>`), else `properties.icao24`
 * (`icao24:<hex>`). `name`, `party`, `class`, `weaponRangeKm` and `weaponRangeSource` update the
 * asset registry; `speed` (knots) and `course` (degrees true) fill those columns of a Point fix (a
 * track's vertices get NaN: one scalar cannot describe a whole track).
 *
 * Each feature is one record: it is accepted whole or quarantined whole, with the line where it
 * starts and a reason that names the offending field. A track with one bad time is quarantined
 * rather than trimmed, because a silently shortened track changes closest-approach results.
 *
 * Observation ids are `<source>:<line>` where the line is where that position's `[lon, lat]` array
 * starts. Pretty-printed GeoJSON (one vertex a line, as the demo files are) thus gives every fix its
 * own id and points the reader straight at it; in minified GeoJSON the fixes of a feature share a
 * line and so share an id.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Asset, ObservationSet, QuarantinedRecord, ReadSummary } from '../model.js';
import { parseJsonWithPositions, type PositionedJson } from './json-positions.js';
import { parseTimeValue } from './time.js';

/** Quarantine reason codes this reader uses. */
export type GeoJsonQuarantineCode =
  | 'not-a-feature'
  | 'no-geometry'
  | 'unsupported-geometry'
  | 'bad-coordinates'
  | 'no-times'
  | 'times-length'
  | 'bad-time'
  | 'no-asset'
  | 'bad-property';

/** How much of a bad feature's text the quarantine keeps: enough to recognise it, not a whole track. */
const RAW_LIMIT = 2000;
const SEPARATORS = /[\s,]*/y;
const SCALAR = /"(?:[^"\\]|\\.)*"|[^\s,\]]+/y;

interface Fix {
  time: number;
  lon: number;
  lat: number;
  line: number;
}

interface Accepted {
  assetId: string;
  attrs: Partial<Asset>;
  speed: number;
  course: number;
  fixes: Fix[];
}

class Reject extends Error {
  constructor(
    readonly code: GeoJsonQuarantineCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

export function readGeoJsonFile(path: string, set: ObservationSet): ReadSummary {
  return readGeoJsonTracks(readFileSync(path, 'utf8'), basename(path), set);
}

/**
 * Reads one GeoJSON text. Throws when the text is not JSON, or is JSON but neither a Feature nor a
 * FeatureCollection (the message carries `source:line:column`); every other problem is confined to
 * its feature and quarantined.
 */
export function readGeoJsonTracks(text: string, source: string, set: ObservationSet): ReadSummary {
  const doc = parseJsonWithPositions(text, source);
  const root = doc.value;
  const where = (node: object): string => {
    const at = doc.span(node)?.[0] ?? 0;
    return `${source}:${doc.lines.line(at)}:${doc.lines.column(at)}`;
  };
  let features: unknown[];
  let prefix: (i: number) => string;
  if (isObject(root) && root.type === 'FeatureCollection') {
    if (!Array.isArray(root.features)) throw new Error(`${where(root)}: FeatureCollection has no "features" array`);
    features = root.features;
    prefix = (i) => `features[${i}].`;
  } else if (isObject(root) && root.type === 'Feature') {
    features = [root];
    prefix = () => '';
  } else {
    const node = typeof root === 'object' && root !== null ? root : {};
    throw new Error(`${where(node)}: not GeoJSON tracks: the top level must be a FeatureCollection or a Feature`);
  }

  const summary: ReadSummary = { source, read: 0, accepted: 0, quarantined: 0, byReason: {}, ignored: 0, positions: 0 };
  const positions = set.positions;
  const sourceIdx = positions.sourceId(source);
  const attributedBy = `geojson:${source}`;

  // Scalars have no recorded span, so a scalar where a feature belongs is located by scanning on
  // from the end of the element before it.
  let cursor = (doc.span(features)?.[0] ?? -1) + 1;
  features.forEach((feature, i) => {
    summary.read++;
    let span = typeof feature === 'object' && feature !== null ? doc.span(feature) : undefined;
    if (!span) {
      SEPARATORS.lastIndex = cursor;
      const start = cursor + (SEPARATORS.exec(text)?.[0].length ?? 0);
      SCALAR.lastIndex = start;
      span = [start, start + (SCALAR.exec(text)?.[0].length ?? 0)];
    }
    cursor = span[1];
    try {
      const ok = readFeature(feature, prefix(i), doc);
      const assetIdx = set.assets.intern(ok.assetId);
      // A feature that only names its asset must not claim to be where its attributes came from.
      if (Object.values(ok.attrs).some((v) => v !== undefined)) set.assets.update(ok.assetId, { ...ok.attrs, attributedBy });
      for (const f of ok.fixes) positions.push(assetIdx, f.time, f.lon, f.lat, ok.speed, ok.course, sourceIdx, f.line);
      summary.accepted++;
      summary.positions += ok.fixes.length;
    } catch (e) {
      if (!(e instanceof Reject)) throw e;
      const raw = text.slice(span[0], span[1]);
      const q: QuarantinedRecord = {
        source,
        line: doc.lines.line(span[0]),
        code: e.code,
        reason: e.reason,
        raw: raw.length > RAW_LIMIT ? `${raw.slice(0, RAW_LIMIT)}...` : raw,
      };
      set.quarantine.push(q);
      summary.quarantined++;
      summary.byReason[e.code] = (summary.byReason[e.code] ?? 0) + 1;
    }
  });
  set.summaries.push(summary);
  return summary;
}

function readFeature(feature: unknown, at: string, doc: PositionedJson): Accepted {
  if (!isObject(feature) || feature.type !== 'Feature') {
    throw new Reject('not-a-feature', `${at || 'feature'}: expected an object with "type": "Feature", got ${show(isObject(feature) ? feature.type : feature)}`);
  }
  const props = feature.properties ?? {};
  if (!isObject(props)) throw new Reject('bad-property', `${at}properties: must be an object, got ${show(props)}`);
  const { assetId, attrs } = readAsset(props, `${at}properties`);
  const geom = feature.geometry;
  if (geom === null || geom === undefined) throw new Reject('no-geometry', `${at}geometry: missing (a track needs a LineString, MultiLineString or Point)`);
  if (!isObject(geom)) throw new Reject('no-geometry', `${at}geometry: must be an object, got ${show(geom)}`);
  const lineOf = (node: object): number => doc.lines.line(doc.span(node)?.[0] ?? 0);

  let speed = NaN;
  let course = NaN;
  const fixes: Fix[] = [];
  switch (geom.type) {
    case 'Point': {
      const [lon, lat] = readPosition(geom.coordinates, `${at}geometry.coordinates`);
      const time = readTime(props.time, `${at}properties.time`, 'no-times');
      speed = readOptionalNumber(props.speed, `${at}properties.speed`, 0, Infinity) ?? NaN;
      course = readOptionalNumber(props.course, `${at}properties.course`, 0, 360) ?? NaN;
      fixes.push({ time, lon, lat, line: lineOf(geom.coordinates as object) });
      break;
    }
    case 'LineString':
    case 'MultiLineString': {
      const parts = geom.type === 'LineString' ? [geom.coordinates] : geom.coordinates;
      if (!Array.isArray(parts) || parts.length === 0) throw new Reject('bad-coordinates', `${at}geometry.coordinates: must be a non-empty array`);
      const timesKey = props.times !== undefined ? 'times' : props.coordTimes !== undefined ? 'coordTimes' : undefined;
      if (timesKey === undefined) throw new Reject('no-times', `${at}properties.times: missing (a track needs one time per vertex in "times" or "coordTimes")`);
      const times = props[timesKey];
      if (!Array.isArray(times)) throw new Reject('no-times', `${at}properties.${timesKey}: must be an array, got ${show(times)}`);
      const nested = geom.type === 'MultiLineString' && times.length === parts.length && times.every(Array.isArray);
      let flat = 0;
      parts.forEach((part, p) => {
        const cPath = geom.type === 'LineString' ? `${at}geometry.coordinates` : `${at}geometry.coordinates[${p}]`;
        if (!Array.isArray(part) || part.length < 2) throw new Reject('bad-coordinates', `${cPath}: a line needs at least two positions (RFC 7946 §3.1.4)`);
        const partTimes = nested ? (times[p] as unknown[]) : undefined;
        const tPath = nested ? `${at}properties.${timesKey}[${p}]` : `${at}properties.${timesKey}`;
        if (partTimes && partTimes.length !== part.length) {
          throw new Reject('times-length', `${tPath}: has ${partTimes.length} times for ${part.length} positions`);
        }
        part.forEach((pos, k) => {
          const [lon, lat] = readPosition(pos, `${cPath}[${k}]`);
          const ti = nested ? k : flat;
          const tv = nested ? partTimes![k] : times[flat];
          if (!nested && flat >= times.length) {
            const total = parts.reduce<number>((n, q) => n + (Array.isArray(q) ? q.length : 0), 0);
            throw new Reject('times-length', `${tPath}: has ${times.length} times for ${total} positions`);
          }
          const time = readTime(tv, `${tPath}[${ti}]`, 'bad-time');
          fixes.push({ time, lon, lat, line: lineOf(pos as object) });
          flat++;
        });
      });
      if (!nested && flat !== times.length) throw new Reject('times-length', `${at}properties.${timesKey}: has ${times.length} times for ${flat} positions`);
      break;
    }
    default:
      throw new Reject('unsupported-geometry', `${at}geometry.type: ${show(geom.type)} is not a track (expected LineString, MultiLineString or Point)`);
  }
  return { assetId, attrs, speed, course, fixes };
}

function readPosition(v: unknown, path: string): [number, number] {
  if (!Array.isArray(v) || v.length < 2 || typeof v[0] !== 'number' || typeof v[1] !== 'number') {
    throw new Reject('bad-coordinates', `${path}: ${show(v)} is not a [longitude, latitude] position`);
  }
  const lon = v[0];
  const lat = v[1];
  if (lon < -180 || lon > 180) throw new Reject('bad-coordinates', `${path}: longitude ${lon} is outside [-180, 180]`);
  if (lat < -90 || lat > 90) throw new Reject('bad-coordinates', `${path}: latitude ${lat} is outside [-90, 90]`);
  return [lon, lat];
}

function readTime(v: unknown, path: string, missingCode: GeoJsonQuarantineCode): number {
  if (v === undefined || v === null) throw new Reject(missingCode, `${path}: missing`);
  const t = parseTimeValue(v);
  if (!t.ok) throw new Reject('bad-time', `${path}: ${show(v)} ${t.why}`);
  return t.ms;
}

function readOptionalNumber(v: unknown, path: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new Reject('bad-property', `${path}: ${show(v)} must be a number in [${min}, ${max}]`);
  }
  return v;
}

function readOptionalString(v: unknown, path: string, pattern?: RegExp, what?: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || (pattern && !pattern.test(v))) {
    throw new Reject('bad-property', `${path}: ${show(v)} must be ${what ?? 'a non-empty string'}`);
  }
  return v;
}

const ID_PATTERN = /^\S+$/;
const CLASS_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ICAO24_PATTERN = /^[0-9a-fA-F]{6}$/;

function readAsset(props: Record<string, unknown>, path: string): { assetId: string; attrs: Partial<Asset> } {
  const attrs: Partial<Asset> = {
    name: readOptionalString(props.name, `${path}.name`),
    party: readOptionalString(props.party, `${path}.party`, ID_PATTERN, 'a party id without spaces, e.g. GBR'),
    class: readOptionalString(props.class, `${path}.class`, CLASS_PATTERN, 'a class id in kebab-case, e.g. surface-warship'),
    weaponRangeKm: readOptionalNumber(props.weaponRangeKm, `${path}.weaponRangeKm`, 0, 40_075),
    weaponRangeSource: readOptionalString(props.weaponRangeSource, `${path}.weaponRangeSource`),
  };
  let mmsi: number | undefined;
  if (props.mmsi !== undefined && props.mmsi !== null) {
    // MMSIs arrive as numbers or as strings (leading zeros of coast stations survive only as text).
    const n = typeof props.mmsi === 'string' && /^\d{1,9}$/.test(props.mmsi) ? Number(props.mmsi) : props.mmsi;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 999_999_999) {
      throw new Reject('bad-property', `${path}.mmsi: ${show(props.mmsi)} is not an MMSI (up to 9 digits)`);
    }
    mmsi = n;
    attrs.mmsi = n;
  }
  let icao24: string | undefined;
  if (props.icao24 !== undefined && props.icao24 !== null) {
    if (typeof props.icao24 !== 'string' || !ICAO24_PATTERN.test(props.icao24)) {
      throw new Reject('bad-property', `${path}.icao24: ${show(props.icao24)} is not a 24-bit ICAO address (6 hex digits)`);
    }
    icao24 = props.icao24.toLowerCase();
  }
  const explicit = readOptionalString(props.asset, `${path}.asset`, ID_PATTERN, 'an asset id without spaces');
  const assetId = explicit ?? (mmsi !== undefined ? `mmsi:${mmsi}` : icao24 !== undefined ? `icao24:${icao24}` : undefined);
  if (assetId === undefined) throw new Reject('no-asset', `${path}: no asset id (give "asset", "mmsi" or "icao24")`);
  return { assetId, attrs };
}
