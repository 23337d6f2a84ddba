import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import geodesic from 'geographiclib-geodesic';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { runChild } from '../../../test/support/child.js';
import { emptyObservationSet, type ObservationSet } from '../model.js';
import { readGeoJsonFile, readGeoJsonTracks } from './reader.js';
import { parseTimeValue } from './time.js';

const G = geodesic.Geodesic.WGS84;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const demo = join(root, 'data/demo');
const demoFiles = readdirSync(demo).filter((f) => f.endsWith('.geojson')).sort();

interface Fc {
  features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }>;
}
const loadFc = (file: string): Fc => JSON.parse(readFileSync(join(demo, file), 'utf8')) as Fc;

/** Rows of one asset as [time, lat, lon], by time. */
function rows(set: ObservationSet, assetId: string): Array<[number, number, number]> {
  const idx = set.assets.indexOf(assetId);
  const out: Array<[number, number, number]> = [];
  const p = set.positions;
  for (let i = 0; i < p.length; i++) if (p.asset[i] === idx) out.push([p.time[i]!, p.lat[i]!, p.lon[i]!]);
  return out.sort((a, b) => a[0] - b[0]);
}

/** Smallest distance between two assets over the instants both have a fix. */
function closestAtCommonTimes(set: ObservationSet, a: string, b: string): { metres: number; time: number } {
  const bm = new Map(rows(set, b).map((r) => [r[0], r]));
  let best = { metres: Infinity, time: NaN };
  for (const [t, lat, lon] of rows(set, a)) {
    const o = bm.get(t);
    if (!o) continue;
    const d = G.Inverse(lat, lon, o[1], o[2]).s12!;
    if (d < best.metres) best = { metres: d, time: t };
  }
  return best;
}

describe('demo scenario files', () => {
  it('are all present', () => {
    expect(demoFiles).toEqual([
      'donald-cook-2014-04-12-black-sea.geojson',
      'donald-cook-2016-04-12.geojson',
      'hms-defender-2021-06-23.geojson',
      'mq9-2023-03-14.geojson',
      'sites.geojson',
    ]);
  });

  it.each(demoFiles)('%s loads whole, with counts that reconcile', (file) => {
    const set = emptyObservationSet();
    const s = readGeoJsonFile(join(demo, file), set);
    const fc = loadFc(file);
    const vertices = fc.features.reduce((n, f) => n + (f.geometry.type === 'Point' ? 1 : (f.geometry.coordinates as unknown[]).length), 0);
    expect(s).toMatchObject({ source: file, read: fc.features.length, accepted: fc.features.length, quarantined: 0, ignored: 0, positions: vertices });
    expect(s.read).toBe(s.accepted + s.quarantined);
    expect(set.positions.length).toBe(vertices);
    expect(set.quarantine).toEqual([]);
    // One vertex a line: every fix has its own observation id, and it points at its coordinates.
    const lines = readFileSync(join(demo, file), 'utf8').split('\n');
    const ids = new Set<string>();
    for (let i = 0; i < set.positions.length; i++) {
      ids.add(set.positions.observationId(i));
      const text = lines[set.positions.line[i]! - 1]!;
      expect(text).toContain(String(set.positions.lon[i]));
      expect(text).toContain(String(set.positions.lat[i]));
    }
    expect(ids.size).toBe(vertices);
    for (const f of fc.features) {
      expect(typeof f.properties.source).toBe('string');
      expect(['V', 'P', 'U']).toContain(f.properties.confidence);
      const a = set.assets.get(f.properties.asset as string)!;
      expect(a.party).toBe(f.properties.party);
      expect(a.class).toBe(f.properties.class);
      expect(a.attributedBy).toBe(`geojson:${file}`);
      for (const t of (f.properties.times as string[] | undefined) ?? [f.properties.time as string]) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
  });

  it('all five load into one set with distinct sources', () => {
    const set = emptyObservationSet();
    const total = demoFiles.map((f) => readGeoJsonFile(join(demo, f), set)).reduce((n, s) => n + s.positions, 0);
    expect(set.positions.length).toBe(total);
    expect(set.positions.sources).toEqual(demoFiles);
    expect(set.assets.get('demo:uss-donald-cook')).toMatchObject({ party: 'USA', class: 'surface-warship' });
  });
});

describe('HMS Defender reconstruction', () => {
  const set = emptyObservationSet();
  readGeoJsonFile(join(demo, 'hms-defender-2021-06-23.geojson'), set);
  const ship = rows(set, 'demo:hms-defender');

  it('passes 20.97 km from the Cape Fiolent coordinate at 09:17 UTC, as the README says', () => {
    // Sampled every 10 m along the geodesic between consecutive fixes.
    let best = { d: Infinity, t: 0 };
    for (let i = 1; i < ship.length; i++) {
      const [t0, lat0, lon0] = ship[i - 1]!;
      const [t1, lat1, lon1] = ship[i]!;
      const seg = G.InverseLine(lat0, lon0, lat1, lon1);
      for (let s = 0; s <= seg.s13; s += 10) {
        const p = seg.Position(s);
        const d = G.Inverse(p.lat2!, p.lon2!, 44.5, 33.49).s12!;
        if (d < best.d) best = { d, t: t0 + ((t1 - t0) * s) / seg.s13 };
      }
    }
    expect(best.d / 1000).toBeCloseTo(20.97, 2);
    expect(Math.abs(best.t - Date.parse('2021-06-23T09:17:06Z'))).toBeLessThan(5000);
    // So it is inside a 12-nmi circle around the cape point itself, by about 1.25 km.
    expect(12 * 1852 - best.d).toBeGreaterThan(1200);
  });

  it('is inside 12 nmi of the Natural Earth 10m coast from 08:52 to 09:23 UTC, at most ~3 km deep', () => {
    const require = createRequire(import.meta.url);
    const topo = JSON.parse(readFileSync(require.resolve('world-atlas/land-10m.json'), 'utf8')) as Topology<{ land: GeometryCollection }>;
    const land = feature(topo, topo.objects.land);
    // Coast vertices near SW Crimea, densified to 50 m.
    const coast: Array<[number, number]> = [];
    for (const f of land.features) {
      const g = f.geometry;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      for (const ring of polys.flat()) {
        for (let i = 1; i < ring.length; i++) {
          const [x0, y0] = ring[i - 1] as [number, number];
          const [x1, y1] = ring[i] as [number, number];
          if (Math.max(x0, x1) < 32.8 || Math.min(x0, x1) > 34.2 || Math.max(y0, y1) < 44.2 || Math.min(y0, y1) > 45.0) continue;
          const seg = G.InverseLine(y0, x0, y1, x1);
          const n = Math.max(1, Math.ceil(seg.s13 / 50));
          for (let k = 0; k < n; k++) {
            const p = seg.Position((seg.s13 * k) / n);
            coast.push([p.lat2!, p.lon2!]);
          }
        }
      }
    }
    const toCoast = (lat: number, lon: number) => Math.min(...coast.map(([a, b]) => G.Inverse(lat, lon, a, b).s12!));
    const at = (iso: string) => ship.find((r) => r[0] === Date.parse(iso))!;
    const belt = 12 * 1852;
    const entry = at('2021-06-23T08:52:00Z');
    const exit = at('2021-06-23T09:23:00Z');
    expect(Math.abs(toCoast(entry[1], entry[2]) - belt)).toBeLessThan(20);
    expect(Math.abs(toCoast(exit[1], exit[2]) - belt)).toBeLessThan(20);
    const inside = ship.filter((r) => toCoast(r[1], r[2]) < belt - 20).map((r) => new Date(r[0]).toISOString().slice(11, 16));
    expect(inside[0]).toBe('08:53');
    expect(inside[inside.length - 1]).toBe('09:22');
    const deepest = Math.min(...ship.map((r) => toCoast(r[1], r[2])));
    expect(deepest).toBeGreaterThan(belt - 3000 - 5);
    expect(deepest).toBeLessThan(belt - 3000 + 20);
  });

  it('keeps the reported speed and the patrol ships their reported distances', () => {
    const [t0, lat0, lon0] = ship[0]!;
    const [t1, lat1, lon1] = ship[ship.length - 1]!;
    const knots = G.Inverse(lat0, lon0, lat1, lon1).s12! / ((t1 - t0) / 1000) / (1852 / 3600);
    expect(knots).toBeCloseTo(30, 1);
    expect(closestAtCommonTimes(set, 'demo:hms-defender', 'demo:rus-fsb-patrol-ship-1').metres).toBeCloseTo(100, 1);
    expect(closestAtCommonTimes(set, 'demo:hms-defender', 'demo:rus-fsb-patrol-ship-2').metres).toBeCloseTo(180, 1);
    const pass = closestAtCommonTimes(set, 'demo:rus-su24m-2021-06-23', 'demo:hms-defender');
    expect(pass.metres).toBeLessThan(0.5);
    expect(new Date(pass.time).toISOString()).toBe('2021-06-23T09:18:50.000Z');
  });
});

describe('incident reconstructions keep the reported closest approaches', () => {
  const set = emptyObservationSet();
  for (const f of demoFiles) readGeoJsonFile(join(demo, f), set);
  const within = (a: string, b: string, from: string, to: string) => {
    const bm = new Map(rows(set, b).map((r) => [r[0], r]));
    let best = { metres: Infinity, time: NaN };
    for (const [t, lat, lon] of rows(set, a)) {
      const o = bm.get(t);
      if (!o || t < Date.parse(from) || t > Date.parse(to)) continue;
      const d = G.Inverse(lat, lon, o[1], o[2]).s12!;
      if (d < best.metres) best = { metres: d, time: t };
    }
    return best;
  };

  it('Baltic, 12 April 2016: a Su-24 pass at 30 ft (9.144 m) at 15:44 UTC (17:44 CEST)', () => {
    const a = within('demo:rus-su24-2016-a', 'demo:uss-donald-cook', '2016-04-12T00:00:00Z', '2016-04-13T00:00:00Z');
    expect(a.metres).toBeCloseTo(9.144, 1);
    expect(new Date(a.time).toISOString()).toBe('2016-04-12T15:44:00.000Z');
    expect(within('demo:rus-su24-2016-b', 'demo:uss-donald-cook', '2016-04-12T00:00:00Z', '2016-04-13T00:00:00Z').metres).toBeCloseTo(914.4, 0);
  });

  it('Baltic, 11 April 2016: passes at the reported 1,000 yd bound, none closer', () => {
    for (const id of ['demo:rus-su24-2016-a', 'demo:rus-su24-2016-b']) {
      expect(within(id, 'demo:uss-donald-cook', '2016-04-11T00:00:00Z', '2016-04-12T00:00:00Z').metres).toBeCloseTo(914.4, 0);
    }
  });

  it('Baltic, 12 April 2016: the Ka-27 circles at 400 m', () => {
    expect(within('demo:rus-ka27-2016', 'demo:uss-donald-cook', '2016-04-12T15:00:00Z', '2016-04-12T15:09:00Z').metres).toBeCloseTo(400, 0);
  });

  it('Black Sea, 12 April 2014: closest pass 1,000 yd', () => {
    expect(within('demo:rus-su24-2014', 'demo:uss-donald-cook', '2014-04-12T00:00:00Z', '2014-04-13T00:00:00Z').metres).toBeCloseTo(914.4, 0);
  });

  it('Black Sea, 14 March 2023: contact at 06:03 UTC (07:03 CET), 60 km SW of Sevastopol', () => {
    const hit = within('demo:rus-su27-2023-a', 'demo:usaf-mq9-2023-03-14', '2023-03-14T00:00:00Z', '2023-03-15T00:00:00Z');
    expect(hit.metres).toBeLessThan(0.5);
    expect(new Date(hit.time).toISOString()).toBe('2023-03-14T06:03:00.000Z');
    const [, lat, lon] = rows(set, 'demo:usaf-mq9-2023-03-14').at(-1)!;
    const inv = G.Inverse(44.6167, 33.5254, lat, lon);
    expect(inv.s12! / 1000).toBeCloseTo(60, 2);
    expect((inv.azi1! + 360) % 360).toBeCloseTo(225, 1);
  });
});

describe('reconstruct.mjs', () => {
  it('rebuilds the committed demo files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'redline-demo-'));
    try {
      const r = await runChild(process.execPath, [join(demo, 'reconstruct.mjs'), '--out', out], { cwd: root });
      expect(r.code, r.stderr).toBe(0);
      for (const file of demoFiles) {
        const a = loadFc(file);
        const b = JSON.parse(readFileSync(join(out, file), 'utf8')) as Fc;
        expect(b.features.map((f) => f.properties)).toEqual(a.features.map((f) => f.properties));
        // Coordinates to a centimetre: the last digit can differ with floating-point evaluation order.
        const flat = (fc: Fc) => fc.features.flatMap((f) => [f.geometry.coordinates].flat(2) as number[]);
        const fa = flat(a);
        const fb = flat(b);
        expect(fb.length).toBe(fa.length);
        fa.forEach((v, i) => expect(Math.abs(v - fb[i]!)).toBeLessThan(1e-7));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('readGeoJsonTracks on bad input', () => {
  // Each feature starts on a known line; the test finds it by its marker.
  const text = `{
  "type": "FeatureCollection",
  "features": [
    { "type": "Feature", "properties": { "asset": "t:good", "party": "GBR", "class": "surface-warship", "times": ["2021-06-23T08:00:00Z", 1624435260000] },
      "geometry": { "type": "LineString", "coordinates": [
        [33.0, 44.0],
        [33.1, 44.1]
      ] } },
    { "type": "Feature", "properties": { "asset": "t:badtime", "times": ["2021-06-23T08:00:00Z", "2021-06-23T08:01:00Z", "2021-06-23T25:00Z"] },
      "geometry": { "type": "LineString", "coordinates": [[33, 44], [33.1, 44.1], [33.2, 44.2]] } },
    { "type": "Feature", "properties": { "asset": "t:short", "times": ["2021-06-23T08:00:00Z"] },
      "geometry": { "type": "LineString", "coordinates": [[33, 44], [33.1, 44.1]] } },
    { "type": "Feature", "properties": { "asset": "t:nogeom", "time": "2021-06-23T08:00:00Z" }, "geometry": null },
    { "type": "Feature", "properties": { "asset": "t:poly", "time": "2021-06-23T08:00:00Z" }, "geometry": { "type": "Polygon", "coordinates": [] } },
    { "type": "Feature", "properties": { "asset": "t:range", "time": "2021-06-23T08:00:00Z" }, "geometry": { "type": "Point", "coordinates": [200, 44] } },
    { "type": "Feature", "properties": { "time": "2021-06-23T08:00:00Z" }, "geometry": { "type": "Point", "coordinates": [33, 44] } },
    { "type": "Feature", "properties": { "mmsi": "273345000", "time": "2021-06-23T08:00:00+03:00", "speed": 12.5, "course": 90 },
      "geometry": { "type": "Point", "coordinates": [33, 44] } },
    { "type": "Feature", "properties": { "icao24": "4B1812", "time": 1624435200000 }, "geometry": { "type": "Point", "coordinates": [33, 44, 9000] } },
    { "type": "Feature", "properties": { "asset": "t:local", "time": "2021-06-23T08:00:00" }, "geometry": { "type": "Point", "coordinates": [33, 44] } },
    { "type": "Feature", "properties": { "asset": "t:secs", "time": 1624435200 }, "geometry": { "type": "Point", "coordinates": [33, 44] } },
    { "type": "Feature", "properties": { "asset": "t:multi", "coordTimes": [["2021-06-23T08:00:00Z", "2021-06-23T08:01:00Z"], ["2021-06-23T09:00:00Z", "2021-06-23T09:01:00Z"]] },
      "geometry": { "type": "MultiLineString", "coordinates": [[[33, 44], [33.1, 44.1]], [[34, 44], [34.1, 44.1]]] } },
    { "type": "Feature", "properties": { "asset": "t:speed", "time": "2021-06-23T08:00:00Z", "speed": "fast" }, "geometry": { "type": "Point", "coordinates": [33, 44] } },
    42
  ]
}
`;
  const lines = text.split('\n');
  const lineOf = (marker: string) => lines.findIndex((l) => l.includes(marker)) + 1;
  const set = emptyObservationSet();
  const s = readGeoJsonTracks(text, 'crafted.geojson', set);
  const q = (line: number) => set.quarantine.find((r) => r.line === line);

  it('accepts the good features and reconciles counts', () => {
    expect(s).toMatchObject({ read: 14, accepted: 4, quarantined: 10, ignored: 0, positions: 2 + 1 + 1 + 4 });
    expect(s.read).toBe(s.accepted + s.quarantined);
    expect(s.byReason).toEqual({ 'bad-time': 3, 'times-length': 1, 'no-geometry': 1, 'unsupported-geometry': 1, 'bad-coordinates': 1, 'no-asset': 1, 'bad-property': 1, 'not-a-feature': 1 });
    expect(set.quarantine).toHaveLength(10);
    expect(set.positions.length).toBe(8);
    expect(set.summaries).toEqual([s]);
  });

  it('quarantines each bad feature at the line where it starts, naming the field', () => {
    expect(q(lineOf('"t:badtime"'))).toMatchObject({ source: 'crafted.geojson', code: 'bad-time' });
    expect(q(lineOf('"t:badtime"'))!.reason).toMatch(/^features\[1\]\.properties\.times\[2\]: "2021-06-23T25:00Z" is not an ISO 8601 time/);
    expect(q(lineOf('"t:short"'))).toMatchObject({ code: 'times-length', reason: 'features[2].properties.times: has 1 times for 2 positions' });
    expect(q(lineOf('"t:nogeom"'))).toMatchObject({ code: 'no-geometry' });
    expect(q(lineOf('"t:nogeom"'))!.reason).toMatch(/^features\[3\]\.geometry: missing/);
    expect(q(lineOf('"t:poly"'))).toMatchObject({ code: 'unsupported-geometry', reason: 'features[4].geometry.type: "Polygon" is not a track (expected LineString, MultiLineString or Point)' });
    expect(q(lineOf('"t:range"'))).toMatchObject({ code: 'bad-coordinates', reason: 'features[5].geometry.coordinates: longitude 200 is outside [-180, 180]' });
    expect(q(lineOf('"properties": { "time": "2021-06-23T08:00:00Z" }'))).toMatchObject({ code: 'no-asset', reason: 'features[6].properties: no asset id (give "asset", "mmsi" or "icao24")' });
    expect(q(lineOf('"t:local"'))!.reason).toBe('features[9].properties.time: "2021-06-23T08:00:00" has no UTC offset (add Z for UTC or an offset such as +03:00)');
    expect(q(lineOf('"t:secs"'))!.reason).toMatch(/^features\[10\]\.properties\.time: 1624435200 looks like epoch seconds/);
    expect(q(lineOf('"t:speed"'))).toMatchObject({ code: 'bad-property', reason: 'features[12].properties.speed: "fast" must be a number in [0, Infinity]' });
    expect(q(lineOf('    42'))).toMatchObject({ code: 'not-a-feature', raw: '42' });
    expect(q(lineOf('"t:badtime"'))!.raw).toMatch(/^\{ "type": "Feature", "properties": \{ "asset": "t:badtime"/);
  });

  it('reads ids, offsets, epoch milliseconds, speed, course and nested coordTimes', () => {
    const good = rows(set, 't:good');
    expect(good.map((r) => r[0])).toEqual([Date.parse('2021-06-23T08:00:00Z'), 1624435260000]);
    expect(set.assets.get('t:good')).toMatchObject({ party: 'GBR', class: 'surface-warship', attributedBy: 'geojson:crafted.geojson' });
    const m = set.assets.indexOf('mmsi:273345000')!;
    const i = Array.from(set.positions.asset.subarray(0, set.positions.length)).indexOf(m);
    expect(set.positions.time[i]).toBe(Date.parse('2021-06-23T05:00:00Z'));
    expect(set.positions.speed[i]).toBe(12.5);
    expect(set.positions.course[i]).toBe(90);
    expect(set.assets.get('mmsi:273345000')!.mmsi).toBe(273345000);
    expect(rows(set, 'icao24:4b1812')).toEqual([[1624435200000, 44, 33]]);
    expect(rows(set, 't:multi').map((r) => r[2])).toEqual([33, 33.1, 34, 34.1]);
    // Vertex lines: the good track's two vertices sit on their own lines.
    const gi = set.assets.indexOf('t:good')!;
    const gl = Array.from({ length: set.positions.length }, (_, k) => k).filter((k) => set.positions.asset[k] === gi).map((k) => set.positions.observationId(k));
    expect(gl).toEqual([`crafted.geojson:${lineOf('[33.0, 44.0]')}`, `crafted.geojson:${lineOf('[33.1, 44.1]')}`]);
    // A track has no single speed: NaN, not 0.
    expect(set.positions.speed[Array.from(set.positions.asset).indexOf(gi)]).toBeNaN();
  });

  it('rejects a MultiLineString whose flat times do not add up', () => {
    const t = JSON.stringify({
      type: 'Feature',
      properties: { asset: 'x', times: ['2021-06-23T08:00:00Z', '2021-06-23T08:01:00Z', '2021-06-23T08:02:00Z'] },
      geometry: { type: 'MultiLineString', coordinates: [[[33, 44], [33.1, 44.1]], [[34, 44], [34.1, 44.1]]] },
    });
    const set2 = emptyObservationSet();
    const s2 = readGeoJsonTracks(t, 'one.geojson', set2);
    expect(s2).toMatchObject({ read: 1, accepted: 0, quarantined: 1 });
    expect(set2.quarantine[0]).toMatchObject({ line: 1, code: 'times-length', reason: 'properties.times: has 3 times for 4 positions' });
  });

  it('throws with file:line:column on invalid JSON', () => {
    const bad = '{\n  "type": "FeatureCollection",\n  "features": [\n    { "type": "Feature", }\n  ]\n}\n';
    expect(() => readGeoJsonTracks(bad, 'broken.geojson', emptyObservationSet())).toThrow(
      /^broken\.geojson:4:26: invalid JSON: unexpected "}", expected a property name in double quotes$/,
    );
    expect(() => readGeoJsonTracks('{"type": "Feature", "properties": {"a": "x\n"}}', 'nl.geojson', emptyObservationSet())).toThrow(/^nl\.geojson:1:43: invalid JSON: control character/);
    expect(() => readGeoJsonTracks('[1, 2', 'eof.geojson', emptyObservationSet())).toThrow(/^eof\.geojson:1:6: invalid JSON: unexpected end of input/);
  });

  it('throws when the JSON is not GeoJSON tracks at all', () => {
    expect(() => readGeoJsonTracks('\n\n  {"type": "Topology"}', 'topo.json', emptyObservationSet())).toThrow(/^topo\.json:3:3: not GeoJSON tracks/);
    expect(() => readGeoJsonTracks('{"type": "FeatureCollection"}', 'fc.json', emptyObservationSet())).toThrow(/^fc\.json:1:1: FeatureCollection has no "features" array/);
  });

  it('treats "__proto__" as an ordinary key', () => {
    const t = '{"type":"Feature","properties":{"__proto__":{"asset":"evil"},"asset":"ok","time":"2021-06-23T08:00:00Z"},"geometry":{"type":"Point","coordinates":[1,2]}}';
    const set3 = emptyObservationSet();
    readGeoJsonTracks(t, 'p.geojson', set3);
    expect(set3.assets.get('ok')).toBeDefined();
    expect(({} as Record<string, unknown>).asset).toBeUndefined();
  });
});

describe('parseTimeValue', () => {
  it.each([
    ['2021-06-23T08:52:00Z', Date.UTC(2021, 5, 23, 8, 52)],
    ['2021-06-23T11:52:00+03:00', Date.UTC(2021, 5, 23, 8, 52)],
    ['2021-06-23T11:52+0300', Date.UTC(2021, 5, 23, 8, 52)],
    ['2021-06-23T08:52:00.123456Z', Date.UTC(2021, 5, 23, 8, 52, 0, 123)],
    ['2016-05-12', Date.UTC(2016, 4, 12)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('%s', (s, ms) => expect(parseTimeValue(s)).toEqual({ ok: true, ms }));

  it.each(['2021-06-23T25:00Z', '2023-02-29T00:00:00Z', '2021-13-01', 'June 23 2021', '2021-06-23 08:52:00Z', '2021-06-23T08:52:60Z', '1624435200'])('rejects %s', (s) => {
    expect(parseTimeValue(s).ok).toBe(false);
  });

  it('rejects epoch seconds, non-finite numbers and other types', () => {
    expect(parseTimeValue(1624435200)).toMatchObject({ ok: false });
    expect(parseTimeValue(Number.NaN)).toMatchObject({ ok: false });
    expect(parseTimeValue(true)).toMatchObject({ ok: false });
    expect(parseTimeValue(1624435200000)).toEqual({ ok: true, ms: 1624435200000 });
  });
});
