import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { emptyObservationSet, type ObservationSet } from '../model.js';
import { classOf } from '../registry/catalogue.js';
import { icaoBlocks, stateOfIcao24 } from './icao-blocks.js';
import { readOpenSkyStream, type OpenSkyReadSummary } from './reader.js';

const DATA = resolve(process.cwd(), '../shared/data');

/** The README's table: rows and span (minutes, UTC) of each sample. */
const FILES = [
  { name: 'bornholm', rows: 2572, from: '2018-11-26T09:38', to: '2018-11-26T13:12' },
  { name: 'georeal_fyn_island', rows: 1254, from: '2018-04-19T07:31', to: '2018-04-19T10:59' },
  { name: 'border_control', rows: 1465, from: '2020-04-17T03:40', to: '2020-04-17T07:44' },
  { name: 'inflight_refuelling', rows: 10397, from: '2020-06-30T20:06', to: '2020-06-30T22:59' },
  { name: 'aircraft_carrier', rows: 9024, from: '2020-09-14T21:47', to: '2020-09-15T00:58' },
];

/**
 * The State each sample's aircraft is registered in, known without the block table: the callsigns
 * carry registration marks or operators (OK- is Czechia's mark, G- the UK's; FAF is the French Air
 * Force; the carrier sample is US Navy flying off San Diego). CFL12's callsign carries no mark; its
 * address 4ab179 is read against the transcriptions of the Annex table cited in icao-blocks.ts,
 * which both put 4A8000-4AFFFF in Sweden.
 */
const STATE: Record<string, string> = { bornholm: 'SWE', georeal_fyn_island: 'CZE', border_control: 'GBR', inflight_refuelling: 'FRA', aircraft_carrier: 'USA' };

type Rec = Record<string, unknown>;

function parsed(name: string): Rec[] {
  return JSON.parse(gunzipSync(readFileSync(resolve(DATA, `traffic-${name}.json.gz`))).toString('utf8')) as Rec[];
}

async function* bytes(text: string, size = 65536): AsyncGenerator<Buffer> {
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

function reconciles(s: OpenSkyReadSummary): void {
  expect(s.read).toBe(s.accepted + s.quarantined);
  expect(Object.values(s.byReason).reduce((a, b) => a + b, 0)).toBe(s.quarantined);
  expect(s.positions + s.noPosition).toBe(s.accepted);
}

async function read(text: string, options?: Parameters<typeof readOpenSkyStream>[3], size?: number): Promise<{ set: ObservationSet; summary: OpenSkyReadSummary }> {
  const set = emptyObservationSet();
  const summary = await readOpenSkyStream(bytes(text, size), set, 'test', options);
  return { set, summary };
}

describe('the five real traffic samples', () => {
  for (const f of FILES) {
    it(`${f.name}: ${f.rows} records, the README's span, every position as JSON.parse reads it`, async () => {
      const records = parsed(f.name);
      expect(records.length).toBe(f.rows);
      const set = emptyObservationSet();
      let batches = 0;
      const file = createReadStream(resolve(DATA, `traffic-${f.name}.json.gz`)).pipe(createGunzip());
      const s = await readOpenSkyStream(file as AsyncIterable<Buffer>, set, f.name, { afterBatch: () => void batches++, batchRecords: 1000 });
      reconciles(s);
      expect(s.layout).toBe('json-array');
      expect(s.read).toBe(f.rows);
      expect(s.quarantined).toBe(0);
      expect(batches).toBeGreaterThanOrEqual(Math.floor(f.rows / 1000));

      const withPos = records.filter((r) => typeof r.latitude === 'number' && typeof r.longitude === 'number');
      expect(s.positions).toBe(withPos.length);
      expect(s.noPosition).toBe(f.rows - withPos.length);
      const p = set.positions;
      for (let i = 0; i < withPos.length; i++) {
        const r = withPos[i]!;
        expect(p.time[i]).toBe(r.timestamp);
        expect(p.lon[i]).toBe(r.longitude);
        expect(p.lat[i]).toBe(r.latitude);
        if (typeof r.groundspeed === 'number') expect(p.speed[i]).toBe(Math.fround(r.groundspeed));
        else expect(p.speed[i]).toBeNaN();
        if (typeof r.track === 'number') {
          const c = r.track < 0 ? r.track + 360 : r.track;
          expect(p.course[i]).toBeCloseTo(c, 3);
          expect(p.course[i]).toBeGreaterThanOrEqual(0);
        } else expect(p.course[i]).toBeNaN();
        // Observation ids are the record's ordinal in the array.
        expect(p.line[i]).toBe(records.indexOf(r) + 1);
      }
      const times = Array.from(p.time.subarray(0, p.length));
      const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16);
      expect(minute(Math.min(...times))).toBe(f.from);
      expect(minute(Math.max(...times))).toBe(f.to);

      const ids = new Set(records.map((r) => `icao24:${String(r.icao24).toLowerCase()}`));
      expect(set.assets.all().map((a) => a.id).sort()).toEqual([...ids].sort());
      const a = set.assets.all()[0]!;
      expect(a.flag).toBe(STATE[f.name]);
      expect(a.callsign).toBe(String(records.at(-1)!.callsign).trim());
      expect(classOf(a)).toBe('aircraft');
    });
  }

  it('the Bornholm sample has negative tracks (traffic writes -180..180), all normalised', () => {
    expect(parsed('bornholm').filter((r) => (r.track as number) < 0).length).toBeGreaterThan(0);
  });
});

describe('bad records, JSON Lines and other exports', () => {
  const good = parsed('bornholm').slice(0, 20);

  it('quarantines corrupted records with their ordinal and the field, and reads the rest', async () => {
    const recs: unknown[] = good.map((r) => ({ ...r }));
    (recs[2] as Rec).icao24 = 'zzzzzz';
    delete (recs[4] as Rec).timestamp;
    (recs[6] as Rec).latitude = 'x';
    (recs[8] as Rec).latitude = 95;
    delete (recs[10] as Rec).longitude;
    recs[12] = 42;
    (recs[14] as Rec).groundspeed = -5;
    (recs[16] as Rec).timestamp = 12345;
    (recs[18] as Rec).track = 'north';
    const { set, summary } = await read(JSON.stringify(recs));
    reconciles(summary);
    expect(summary).toMatchObject({ read: 20, accepted: 11, quarantined: 9 });
    expect(set.quarantine.map((q) => [q.line, q.code])).toEqual([
      [3, 'bad-icao24'],
      [5, 'bad-timestamp'],
      [7, 'bad-latitude'],
      [9, 'bad-latitude'],
      [11, 'bad-longitude'],
      [13, 'not-a-record'],
      [15, 'bad-groundspeed'],
      [17, 'bad-timestamp'],
      [19, 'bad-track'],
    ]);
    expect(set.quarantine[0]!.reason).toMatch(/^record 3 \(line 1\): icao24 "zzzzzz"/);
    expect(set.quarantine[4]!.reason).toMatch(/longitude \(absent\)/);
    expect(JSON.parse(set.quarantine[0]!.raw)).toEqual(recs[2]);
  });

  it('reads JSON Lines: blank lines ignored, a broken line quarantined with its line number, the rest read', async () => {
    const lines = good.slice(0, 5).map((r) => JSON.stringify(r));
    lines.splice(2, 0, '', '{"icao24": "4ab179", "timestamp": ');
    const { set, summary } = await read(`${lines.join('\r\n')}\n`);
    reconciles(summary);
    expect(summary).toMatchObject({ layout: 'json-lines', read: 6, accepted: 5, quarantined: 1, ignored: 1, positions: 5 });
    expect(set.quarantine[0]).toMatchObject({ line: 4, code: 'bad-json' });
    expect(Array.from(set.positions.line.subarray(0, 5))).toEqual([1, 2, 5, 6, 7]);
  });

  it('takes ISO 8601 times (no offset means UTC), epoch seconds, and the OpenSky database names', async () => {
    const t = good[0]!.timestamp as number;
    const iso = new Date(t).toISOString();
    const recs = [
      { ...good[0], timestamp: iso },
      { ...good[0], timestamp: iso.slice(0, -1) },
      { ...good[0], timestamp: t / 1000 },
      { icao24: '4AB179', time: t / 1000, lat: 55.1, lon: 14.8, velocity: 100, heading: -90, callsign: 'CFL12   ' },
    ];
    const { set, summary } = await read(recs.map((r) => JSON.stringify(r)).join('\n'));
    reconciles(summary);
    expect(summary.positions).toBe(4);
    expect(Array.from(set.positions.time.subarray(0, 4))).toEqual([t, t, t, t]);
    expect(set.positions.speed[3]).toBeCloseTo((100 * 3600) / 1852, 3);
    expect(set.positions.course[3]).toBe(270);
    expect(set.assets.size).toBe(1);
    expect(set.assets.get('icao24:4ab179')?.callsign).toBe('CFL12');
  });

  it('ends at broken JSON inside an array: what came before is kept, the break is one quarantined record', async () => {
    const text = JSON.stringify(good.slice(0, 6));
    // Right after the third record's `"timestamp":`, where a value must come.
    const third = text.indexOf('{', text.indexOf('{', text.indexOf('{') + 1) + 1);
    const cut = text.indexOf(':', third) + 1;
    // Pretty enough to have lines: the third record starts on line 2.
    const broken = `${text.slice(0, cut).replace('},{', '},\n{')}#garbage${text.slice(cut)}`;
    const { set, summary } = await read(broken, undefined, 17);
    reconciles(summary);
    expect(summary).toMatchObject({ read: 3, accepted: 2, quarantined: 1 });
    expect(set.quarantine[0]).toMatchObject({ line: 3, code: 'bad-json' });
    expect(set.quarantine[0]!.reason).toMatch(/^record 3 \(line 2\): not valid JSON/);
  });

  it('stops at a batch boundary when the signal aborts', async () => {
    const many = JSON.stringify(parsed('inflight_refuelling'));
    const ac = new AbortController();
    const { summary } = await read(many, { signal: ac.signal, batchRecords: 100, afterBatch: () => ac.abort() }, 4096);
    reconciles(summary);
    expect(summary.read).toBeGreaterThanOrEqual(100);
    expect(summary.read).toBeLessThan(10397);
  });

  it('reads an empty input as nothing', async () => {
    const { summary } = await read('  \n');
    expect(summary).toMatchObject({ read: 0, accepted: 0, layout: 'empty' });
  });
});

describe('ICAO address blocks', () => {
  it('are sorted, do not overlap, and name the agreements\' states', () => {
    const blocks = icaoBlocks();
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]![0]).toBeGreaterThan(blocks[i - 1]![1]);
    const states = new Set(blocks.map((b) => b[2]));
    const nato = ['ALB', 'BEL', 'BGR', 'CAN', 'HRV', 'CZE', 'DNK', 'EST', 'FIN', 'FRA', 'DEU', 'GRC', 'HUN', 'ISL', 'ITA', 'LVA', 'LTU', 'LUX', 'MNE', 'NLD', 'MKD', 'NOR', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'ESP', 'SWE', 'TUR', 'GBR', 'USA'];
    for (const s of [...nato, 'RUS', 'BLR', 'UKR', 'GEO', 'MDA']) expect(states.has(s), s).toBe(true);
  });

  it('look up the first, last and outside addresses of a block', () => {
    expect([0x0fffff, 0x100000, 0x1fffff, 0x200000].map(stateOfIcao24)).toEqual([undefined, 'RUS', 'RUS', undefined]);
    expect([0x508000, 0x50ffff, 0x510000, 0x5103ff, 0x510400].map(stateOfIcao24)).toEqual(['UKR', 'UKR', 'BLR', 'BLR', undefined]);
    expect([0xa00000, 0xae0455, 0xafffff, 0xffffff, 0].map(stateOfIcao24)).toEqual(['USA', 'USA', 'USA', undefined, undefined]);
  });
});
