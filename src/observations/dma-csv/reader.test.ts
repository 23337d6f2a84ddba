import { createReadStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedLines } from '../input/lines.js';
import { emptyObservationSet, type ObservationSet } from '../model.js';
import { NmeaReader, type NmeaReadSummary } from '../nmea/reader.js';
import { classOf } from '../registry/catalogue.js';
import { DMA_COLUMNS, type DmaColumn } from './columns.js';
import { convertNmeaFileToDmaCsv, type NmeaToDmaSummary } from './from-nmea.js';
import { DmaCsvReader, type DmaCsvReadSummary } from './reader.js';

const DATA = resolve(process.cwd(), '../shared/data');
const NMEA_FILES = [
  'dma-aislib-stream_example_2010-06-11.nmea',
  'dma-aislib-replay_dump_2013-03-18.nmea',
  'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz',
  'dma-aisabnormal-538004030_drift_1.nmea',
  'pyais-nmea_data_sample.nmea',
];
const HEADER = `# ${DMA_COLUMNS.join(',')}`;

function fileChunks(path: string): AsyncIterable<Buffer> {
  const file = createReadStream(path);
  return (path.endsWith('.gz') ? file.pipe(createGunzip()) : file) as AsyncIterable<Buffer>;
}

async function readNmea(path: string): Promise<{ set: ObservationSet; summary: NmeaReadSummary }> {
  const set = emptyObservationSet();
  const summary = await feedLines(fileChunks(path), new NmeaReader(set, 'nmea'));
  return { set, summary };
}

async function readCsv(path: string): Promise<{ set: ObservationSet; summary: DmaCsvReadSummary }> {
  const set = emptyObservationSet();
  const summary = await feedLines(fileChunks(path), new DmaCsvReader(set, 'csv'), { encoding: 'utf8' });
  return { set, summary };
}

/** Feeds rows (1-based numbering) to a fresh reader. */
function feed(rows: readonly string[]): { set: ObservationSet; summary: DmaCsvReadSummary } {
  const set = emptyObservationSet();
  const reader = new DmaCsvReader(set, 'rows');
  rows.forEach((r, i) => reader.line(r, i + 1));
  return { set, summary: reader.finish() };
}

function reconciles(s: DmaCsvReadSummary): void {
  expect(s.read).toBe(s.accepted + s.quarantined);
  expect(Object.values(s.byReason).reduce((a, b) => a + b, 0)).toBe(s.quarantined);
  expect(s.positions + s.noPosition).toBe(s.accepted);
}

/** A row in the archive's column order from the fields given; the rest as DMA writes them empty. */
function row(f: Partial<Record<DmaColumn, string>>): string {
  const base: Partial<Record<DmaColumn, string>> = { 'Type of mobile': 'Class A', 'Navigational status': 'Unknown value', IMO: 'Unknown', Callsign: 'Unknown', 'Ship type': 'Undefined', 'Data source type': 'AIS' };
  return DMA_COLUMNS.map((c) => f[c] ?? base[c] ?? '').join(',');
}

const tmp = mkdtempSync(join(tmpdir(), 'redline-dma-'));

describe('DMA CSV converted from the real NMEA logs reads back to the NMEA reader positions', () => {
  const converted = new Map<string, { csv: string; conv: NmeaToDmaSummary }>();
  beforeAll(async () => {
    for (const f of NMEA_FILES) {
      const csv = join(tmp, `${f}.csv`);
      converted.set(f, { csv, conv: await convertNmeaFileToDmaCsv(join(DATA, f), csv) });
    }
  });

  for (const f of NMEA_FILES) {
    it(f, async () => {
      const { csv, conv } = converted.get(f)!;
      const nmea = await readNmea(join(DATA, f));
      const back = await readCsv(csv);
      const s = back.summary;
      reconciles(s);

      // Rows counted on the text itself: every line but the header.
      const lines = readFileSync(csv, 'utf8').split('\n').filter((l) => l.length > 0);
      expect(lines[0]).toBe(HEADER);
      expect(s.read).toBe(lines.length - 1);
      expect(s.read).toBe(conv.rows);
      expect(s.quarantined).toBe(0);
      expect(s.ignored).toBe(1);
      expect(s.noPosition).toBe(conv.noPosition);
      expect(conv.noPosition + conv.skippedNoTime).toBe(nmea.summary.noPosition);

      const a = nmea.set.positions;
      const b = back.set.positions;
      expect(b.length).toBe(nmea.summary.positions);
      expect(b.length).toBe(a.length);
      for (let i = 0; i < a.length; i++) {
        const ctx = `${f} position ${i}`;
        expect(back.set.assets.at(b.asset[i]!).id, ctx).toBe(nmea.set.assets.at(a.asset[i]!).id);
        // Six decimals in the CSV: within half a unit of the sixth decimal.
        expect(Math.abs(b.lon[i]! - a.lon[i]!), ctx).toBeLessThanOrEqual(5e-7 + 1e-12);
        expect(Math.abs(b.lat[i]! - a.lat[i]!), ctx).toBeLessThanOrEqual(5e-7 + 1e-12);
        expect(b.time[i], ctx).toBe(Math.floor(a.time[i]! / 1000) * 1000);
        if (Number.isNaN(a.speed[i]!)) expect(b.speed[i]).toBeNaN();
        else expect(Math.abs(b.speed[i]! - a.speed[i]!), ctx).toBeLessThan(1e-4);
        if (Number.isNaN(a.course[i]!)) expect(b.course[i]).toBeNaN();
        else expect(Math.abs(b.course[i]! - a.course[i]!), ctx).toBeLessThan(1e-4);
      }

      // Identity carried from static messages: whatever the CSV says, the NMEA reader said too.
      for (const asset of back.set.assets.all()) {
        const ref = nmea.set.assets.get(asset.id)!;
        expect(asset.flag).toBe(ref.flag);
        if (asset.name !== undefined) expect(asset.name).toBe(ref.name);
        if (asset.callsign !== undefined) expect(asset.callsign).toBe(ref.callsign);
        if (asset.aisShipType !== undefined) expect(classOf(asset)).toBe(classOf(ref));
      }
    });
  }

  it('the 2013 sample keeps its naval vessel: FGS ALSTER is Military, so a military vessel again', async () => {
    const back = await readCsv(converted.get('dma-aisabnormal-ais-sample_2013-11-12.nmea.gz')!.csv);
    const alster = back.set.assets.all().find((a) => a.name === 'FGS ALSTER');
    expect(alster?.aisShipType).toBe(35);
    expect(classOf(alster!)).toBe('military-vessel');
    expect(alster?.flag).toBe('DEU');
    expect(back.summary.byMobileType['Class A']).toBeGreaterThan(0);
    expect(back.summary.byMobileType['Base Station']).toBeGreaterThan(0);
  });

  it('reads columns in another order, with a byte-order mark and CRLF, to the same positions', async () => {
    const f = 'dma-aislib-stream_example_2010-06-11.nmea';
    // A fixed shuffle: reversed, then the halves swapped.
    const rev = [...DMA_COLUMNS].reverse();
    const columns = [...rev.slice(13), ...rev.slice(0, 13)];
    const csv = join(tmp, 'reordered.csv');
    await convertNmeaFileToDmaCsv(join(DATA, f), csv, { columns, newline: '\r\n', bom: true });
    const bytes = readFileSync(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes('\r\n')).toBe(true);
    const back = await readCsv(csv);
    const plain = await readCsv(converted.get(f)!.csv);
    reconciles(back.summary);
    expect(back.summary.quarantined).toBe(0);
    expect(back.set.positions.length).toBe(plain.set.positions.length);
    for (const col of ['lon', 'lat', 'time', 'asset'] as const) expect(back.set.positions[col].subarray(0, back.set.positions.length)).toEqual(plain.set.positions[col].subarray(0, plain.set.positions.length));
  });
});

describe('DMA CSV quirks, row by row', () => {
  it('reads a plain Class A row', () => {
    const { set, summary } = feed([HEADER, row({ Timestamp: '12/11/2013 12:00:05', MMSI: '219000873', Latitude: '56.990910', Longitude: '10.304543', SOG: '12.3', COG: '30.2', Name: 'SOME SHIP', Callsign: 'OXCB2', 'Ship type': 'Cargo' })]);
    reconciles(summary);
    expect(summary).toMatchObject({ read: 1, accepted: 1, quarantined: 0, ignored: 1, positions: 1, noPosition: 0 });
    const p = set.positions;
    expect([p.time[0], p.lon[0], p.lat[0]]).toEqual([Date.UTC(2013, 10, 12, 12, 0, 5), 10.304543, 56.99091]);
    expect(p.speed[0]).toBeCloseTo(12.3, 5);
    expect(p.course[0]).toBeCloseTo(30.2, 4);
    expect(set.assets.get('mmsi:219000873')).toMatchObject({ name: 'SOME SHIP', callsign: 'OXCB2', aisShipType: 70, flag: 'DNK', attributedBy: 'ais' });
  });

  it('reads names with commas and doubled quotes inside double quotes (RFC 4180)', () => {
    const { set, summary } = feed([HEADER, row({ Timestamp: '01/01/2023 00:00:00', MMSI: '211000001', Latitude: '54.5', Longitude: '11.25', Name: '"NORTH, SOUTH ""EXPRESS"""' })]);
    expect(summary.quarantined).toBe(0);
    expect(set.assets.get('mmsi:211000001')?.name).toBe('NORTH, SOUTH "EXPRESS"');
  });

  it('takes latitude 91 / longitude 181 (or empty) as "not available": accepted, no position, never a number', () => {
    const { set, summary } = feed([
      HEADER,
      row({ Timestamp: '01/01/2023 00:00:00', MMSI: '2190064', 'Type of mobile': 'Base Station', Latitude: '91.000000', Longitude: '181.000000' }),
      row({ Timestamp: '01/01/2023 00:00:01', MMSI: '211000001', Latitude: '91', Longitude: '10.5' }),
      row({ Timestamp: '01/01/2023 00:00:02', MMSI: '211000001', Latitude: '', Longitude: '' }),
    ]);
    reconciles(summary);
    expect(summary).toMatchObject({ read: 3, accepted: 3, positions: 0, noPosition: 3, quarantined: 0 });
    expect(set.positions.length).toBe(0);
    expect(set.assets.get('mmsi:002190064')?.flag).toBe('DNK');
    expect(summary.byMobileType).toEqual({ 'Base Station': 1, 'Class A': 2 });
  });

  it('reads times as UTC, real dates only (leap days, month ends), whatever the date of the row before', () => {
    const at = (t: string) => row({ Timestamp: t, MMSI: '211000001', Latitude: '54.5', Longitude: '11.25' });
    const { set, summary } = feed([HEADER, at('29/02/2024 23:59:59'), at('01/03/2024 00:00:00'), at('29/02/2023 00:00:00'), at('01/03/2024 24:00:00'), at('01/03/2024 00:00:60'), at('31/12/1999 23:59:59')]);
    expect(Array.from(set.positions.time.subarray(0, set.positions.length))).toEqual([Date.parse('2024-02-29T23:59:59Z'), Date.parse('2024-03-01T00:00:00Z'), Date.parse('1999-12-31T23:59:59Z')]);
    expect(summary.byReason).toEqual({ 'bad-timestamp': 3 });
  });

  it('leaves empty speed and course as not available', () => {
    const { set, summary } = feed([HEADER, row({ Timestamp: '01/01/2023 00:00:00', MMSI: '211000001', Latitude: '54.5', Longitude: '11.25', SOG: '', COG: '' })]);
    expect(summary.positions).toBe(1);
    expect(set.positions.speed[0]).toBeNaN();
    expect(set.positions.course[0]).toBeNaN();
  });

  it('quarantines each bad row with its line and a reason naming the field, and goes on', () => {
    const good = { Timestamp: '01/01/2023 00:00:00', MMSI: '211000001', Latitude: '54.5', Longitude: '11.25' };
    const rows = [
      HEADER,
      row({ ...good, Timestamp: '2023-01-01 00:00:00' }),
      row({ ...good, Timestamp: '31/02/2023 00:00:00' }),
      row({ ...good, Timestamp: '' }),
      row({ ...good, MMSI: '21100000A' }),
      row({ ...good, MMSI: '1234567890' }),
      row({ ...good, Latitude: '95.1' }),
      row({ ...good, Latitude: '54,5' }),
      row({ ...good, Longitude: '-190' }),
      row({ ...good, SOG: 'fast' }),
      row({ ...good, COG: '400' }),
      row(good).split(',').slice(0, 20).join(','),
      row({ ...good, Name: '"UNCLOSED' }),
      row(good),
    ];
    const { set, summary } = feed(rows);
    reconciles(summary);
    expect(summary).toMatchObject({ read: 13, accepted: 1, quarantined: 12, positions: 1 });
    expect(set.quarantine.map((q) => [q.line, q.code])).toEqual([
      [2, 'bad-timestamp'],
      [3, 'bad-timestamp'],
      [4, 'bad-timestamp'],
      [5, 'bad-mmsi'],
      [6, 'bad-mmsi'],
      [7, 'bad-latitude'],
      // "54,5" unquoted is two fields: the row is one field too long.
      [8, 'wrong-field-count'],
      [9, 'bad-longitude'],
      [10, 'bad-sog'],
      [11, 'bad-cog'],
      [12, 'wrong-field-count'],
      [13, 'bad-quoting'],
    ]);
    const reasons = Object.fromEntries(set.quarantine.map((q) => [q.line, q.reason]));
    expect(reasons[2]).toMatch(/^Timestamp "2023-01-01 00:00:00" .*dd\/mm\/yyyy/);
    expect(reasons[5]).toMatch(/^MMSI "21100000A"/);
    expect(reasons[7]).toMatch(/^Latitude "95.1"/);
    expect(reasons[9]).toMatch(/^Longitude "-190"/);
    expect(reasons[12]).toMatch(/20 fields; the header .* 26/);
    for (const q of set.quarantine) expect(q.raw).toBe(rows[q.line - 1]);
  });

  it('finds the header by name: another order, fewer columns, no "# ", a BOM', () => {
    const { set, summary } = feed(['\ufeffLongitude,Latitude,Name,MMSI,Timestamp', '11.25,54.5,"A, B",211000001,01/01/2023 00:00:00', '', '  ']);
    reconciles(summary);
    expect(summary).toMatchObject({ read: 1, accepted: 1, ignored: 3, positions: 1 });
    expect([set.positions.lon[0], set.positions.lat[0]]).toEqual([11.25, 54.5]);
    expect(set.assets.get('mmsi:211000001')?.name).toBe('A, B');
  });

  it('reads CRLF, a BOM and UTF-8 names split across chunks through the shared line splitter', async () => {
    const text = `\ufeff${HEADER}\r\n${row({ Timestamp: '01/01/2023 00:00:00', MMSI: '211000001', Latitude: '54.5', Longitude: '11.25', Name: 'ÆRØSKØBING' })}\r\n`;
    const bytes = Buffer.from(text, 'utf8');
    // Seven-byte chunks cut the BOM and the two-byte letters in the middle.
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const set = emptyObservationSet();
    const summary = await feedLines(chunks(), new DmaCsvReader(set, 'crlf'), { encoding: 'utf8' });
    reconciles(summary);
    expect(summary).toMatchObject({ read: 1, accepted: 1, ignored: 1, positions: 1 });
    expect(set.positions.lon[0]).toBe(11.25);
    expect(set.assets.get('mmsi:211000001')?.name).toBe('ÆRØSKØBING');
  });

  it('quarantines rows before any header, and a header without a required column', () => {
    const r = row({ Timestamp: '01/01/2023 00:00:00', MMSI: '211000001', Latitude: '54.5', Longitude: '11.25' });
    const { set, summary } = feed([r, '# Timestamp,MMSI,Latitude', '01/01/2023 00:00:00,211000001,54.5', '# exported by a tool', HEADER, r]);
    reconciles(summary);
    expect(set.quarantine.map((q) => [q.line, q.code])).toEqual([
      [1, 'no-header'],
      [2, 'bad-header'],
      [3, 'no-header'],
    ]);
    expect(set.quarantine[1]!.reason).toMatch(/no Longitude column/);
    expect(summary).toMatchObject({ read: 4, accepted: 1, quarantined: 3, ignored: 2 });
  });

  it('reads concatenated files: a header again mid-stream, with or without "#"', () => {
    const r = row({ Timestamp: '01/01/2023 00:00:00', MMSI: '211000001', Latitude: '54.5', Longitude: '11.25' });
    const { summary } = feed([HEADER, r, HEADER, r, DMA_COLUMNS.join(','), r]);
    reconciles(summary);
    expect(summary).toMatchObject({ read: 3, accepted: 3, ignored: 3, quarantined: 0 });
  });

  it('maps ship type words onto AIS codes; an unknown word leaves the type open and is counted', () => {
    const words = ['Military', 'Tanker', 'Passenger', 'Fishing', 'Law enforcement', 'Undefined', 'Submarine'];
    const { set, summary } = feed([HEADER, ...words.map((w, i) => row({ Timestamp: '01/01/2023 00:00:00', MMSI: String(211000001 + i), Latitude: '54.5', Longitude: '11.25', 'Ship type': w }))]);
    expect(words.map((_, i) => set.assets.get(`mmsi:${211000001 + i}`)?.aisShipType)).toEqual([35, 80, 60, 30, 55, undefined, undefined]);
    expect(words.map((_, i) => classOf(set.assets.get(`mmsi:${211000001 + i}`)!))).toEqual(['military-vessel', 'tanker', 'passenger', 'fishing', 'law-enforcement', undefined, undefined]);
    expect(summary.unknownShipTypes).toEqual({ Submarine: 1 });
  });

  it('does not overwrite what a registry file said about an asset', () => {
    const set = emptyObservationSet();
    set.assets.update('mmsi:211000001', { name: 'FROM REGISTRY', attributedBy: 'registry:x.yaml' });
    const reader = new DmaCsvReader(set, 'rows');
    reader.line(HEADER, 1);
    reader.line(row({ Timestamp: '01/01/2023 00:00:00', MMSI: '211000001', Latitude: '54.5', Longitude: '11.25', Name: 'FROM AIS' }), 2);
    reader.finish();
    expect(set.assets.get('mmsi:211000001')?.name).toBe('FROM REGISTRY');
    expect(set.positions.length).toBe(1);
  });
});
