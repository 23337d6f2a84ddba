import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convertNmeaFileToDmaCsv } from './dma-csv/from-nmea.js';
import { formatOf, InputError, loadObservationFiles, readObservationEntry, sniffFormat } from './load.js';
import { emptyObservationSet } from './model.js';

const DATA = resolve(process.cwd(), '../shared/data');
const tmp = mkdtempSync(join(tmpdir(), 'redline-load-'));
const b = (s: string) => Buffer.from(s, 'latin1');

async function* once(buf: Buffer): AsyncGenerator<Buffer> {
  yield buf;
}

describe('telling the format', () => {
  it('by name where the name says it', () => {
    expect(sniffFormat('x.nmea.gz', b(''))).toBe('nmea');
    expect(sniffFormat('aisdk-2024-01-01.zip/aisdk-2024-01-01.csv', b(''))).toBe('dma-csv');
    expect(sniffFormat('tracks.geojson', b(''))).toBe('geojson');
    expect(sniffFormat('tracks.jsonl', b(''))).toBe('opensky');
    expect(() => sniffFormat('day.zip', b(''))).toThrow(InputError);
  });

  it('by the first bytes for .json and for names that say nothing', () => {
    expect(sniffFormat('a.json', Buffer.from('\ufeff  {"type": "FeatureCollection", "features": []}', 'utf8'))).toBe('geojson');
    expect(sniffFormat('a.json', b('{"features": [{"type":"Feature"'))).toBe('geojson');
    expect(sniffFormat('a.json', b('[{"timestamp":1,"icao24":"4ab179"'))).toBe('opensky');
    expect(sniffFormat('stdin', b('{"icao24": "4ab179", "timestamp": 1}\n'))).toBe('opensky');
    expect(sniffFormat('stdin', b('\\s:2573485,c:1384257600*0D\\!BSVDM,1,1,,A,13o`<P0P00PF6<0N8:K4i?wn0<0n,0*2F\n'))).toBe('nmea');
    expect(sniffFormat('stdin', b('$PGHP,1,2013,11,12,12,0,0,0,219,,1,,*13\n!BSVDM,1,1,,B,1,0*00'))).toBe('nmea');
    expect(sniffFormat('stdin', b('# Timestamp,Type of mobile,MMSI,Latitude,Longitude\n'))).toBe('dma-csv');
    expect(() => sniffFormat('a.json', b('[1, 2, 3]'))).toThrow(/neither GeoJSON .* nor OpenSky/);
    expect(() => sniffFormat('a.json', b('hello'))).toThrow(/not JSON/);
    expect(() => sniffFormat('notes.md', b('# Notes\nnothing here'))).toThrow(/cannot tell the format/);
  });

  it('formatOf reads the head of a .json file, gzip or not', () => {
    expect(formatOf(join(DATA, 'traffic-bornholm.json.gz'))).toBe('opensky');
    expect(formatOf(join(DATA, 'derived-black-sea-from-geo-maps-earth-seas-10m.geojson'))).toBe('geojson');
    const plain = join(tmp, 'tracks.json');
    writeFileSync(plain, readFileSync('data/demo/hms-defender-2021-06-23.geojson'));
    expect(formatOf(plain)).toBe('geojson');
    expect(formatOf('x.log')).toBe('nmea');
    expect(() => formatOf(join(tmp, 'missing.json'))).toThrow(/no such file/);
  });
});

describe('loading files of every format into one set', () => {
  it('reads NMEA, DMA CSV (plain and gzip), OpenSky and GeoJSON, each with its summary', async () => {
    const csv = join(tmp, 'replay.csv');
    const conv = await convertNmeaFileToDmaCsv(join(DATA, 'dma-aislib-replay_dump_2013-03-18.nmea'), csv);
    const csvGz = join(tmp, 'replay-again.csv.gz');
    writeFileSync(csvGz, gzipSync(readFileSync(csv)));
    const set = emptyObservationSet();
    await loadObservationFiles([join(DATA, 'dma-aislib-replay_dump_2013-03-18.nmea'), csv, csvGz, join(DATA, 'traffic-border_control.json.gz'), 'data/demo/hms-defender-2021-06-23.geojson'], set);
    const by = Object.fromEntries(set.summaries.map((s) => [s.source, s]));
    expect(Object.keys(by)).toEqual(['dma-aislib-replay_dump_2013-03-18.nmea', 'replay.csv', 'replay-again.csv.gz', 'traffic-border_control.json.gz', 'hms-defender-2021-06-23.geojson']);
    for (const s of set.summaries) expect(s.read, s.source).toBe(s.accepted + s.quarantined);
    expect(by['replay.csv']!.positions).toBe(conv.positions);
    expect(by['replay-again.csv.gz']!.positions).toBe(conv.positions);
    expect(by['dma-aislib-replay_dump_2013-03-18.nmea']!.positions).toBe(conv.positions);
    expect(by['traffic-border_control.json.gz']!.read).toBe(1465);
    expect(set.positions.length).toBe(set.summaries.reduce((n, s) => n + s.positions, 0));
  });

  it('reads an input of unknown name by its bytes, and names the input when it cannot', async () => {
    const set = emptyObservationSet();
    const text = readFileSync(join(DATA, 'dma-aislib-replay_dump_2013-03-18.nmea'));
    const r = await readObservationEntry('stdin', once(text), set);
    expect(r.format).toBe('nmea');
    expect(r.summary.read).toBeGreaterThan(0);
    await expect(readObservationEntry('stdin', once(b('just words')), set)).rejects.toThrow(/^stdin: cannot tell/);
    await expect(loadObservationFiles([join(tmp, 'nope.csv')], set)).rejects.toThrow(/nope\.csv: no such file/);
  });
});
