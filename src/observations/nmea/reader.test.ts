import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyObservationSet, type ObservationSet } from '../model.js';
import { mmsiKind } from '../mid.js';
import { type AisMessage, POS_NOT_AVAILABLE, POS_OK } from './messages.js';
import { NmeaReader, type NmeaReadSummary, readNmeaFile } from './reader.js';

const DATA = resolve(process.cwd(), '../shared/data');

function fileLines(name: string): string[] {
  const bytes = readFileSync(resolve(DATA, name));
  const text = (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Feeds lines (1-based numbering) to a fresh reader. */
function feed(lines: readonly string[], options?: ConstructorParameters<typeof NmeaReader>[2]): { set: ObservationSet; summary: NmeaReadSummary } {
  const set = emptyObservationSet();
  const reader = new NmeaReader(set, 'test', options);
  lines.forEach((l, i) => reader.line(l, i + 1));
  return { set, summary: reader.finish() };
}

function reconciles(s: NmeaReadSummary): void {
  expect(s.read).toBe(s.accepted + s.quarantined);
  expect(Object.values(s.byReason).reduce((a, b) => a + b, 0)).toBe(s.quarantined);
  expect(Object.values(s.byMessageType).reduce((a, b) => a + b, 0)).toBe(s.messages);
  const t = s.timeSources;
  expect(t.tagBlock + t.pghp + t.trailing + t.pghpInherited + t.assumed).toBe(s.positions);
}

// Independent of the reader: a VDM/VDO sentence, optionally behind a tag block.
const VDM = /^(\\[^\\]*\\)?!..VD[MO],/;
const MULTI = /^(\\[^\\]*\\)?!..VD[MO],[2-9],/;
const LAST_OF_MULTI = /^(\\[^\\]*\\)?!..VD[MO],([2-9]),\2,/;

interface Expect {
  file: string;
  /** Sentences the README states. */
  sentences: number;
  multiParts?: number;
  from: string;
  to: string;
  vessels?: number;
}

const FILES: Expect[] = [
  { file: 'dma-aislib-stream_example_2010-06-11.nmea', sentences: 4500, multiParts: 898, from: '2010-06-11T11:46:10Z', to: '2010-06-11T11:46:39Z', vessels: 1820 },
  { file: 'dma-aislib-replay_dump_2013-03-18.nmea', sentences: 51, from: '2013-03-18T09:19:09Z', to: '2013-03-18T09:19:31Z', vessels: 34 },
  { file: 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz', sentences: 26146, from: '2013-11-12T12:00:00Z', to: '2013-11-12T12:05:00Z', vessels: 1508 },
  { file: 'dma-aisabnormal-538004030_drift_1.nmea', sentences: 0, from: '2014-09-28T16:00:00Z', to: '2014-09-28T18:30:00Z', vessels: 1 },
];

describe('real DMA logs', () => {
  for (const f of FILES) {
    describe(f.file, () => {
      let set: ObservationSet;
      let s: NmeaReadSummary;
      let lines: string[];
      beforeAll(async () => {
        set = emptyObservationSet();
        s = await readNmeaFile(resolve(DATA, f.file), set);
        lines = fileLines(f.file);
      });

      it('counts every line once and reconciles', () => {
        reconciles(s);
        const vdm = lines.filter((l) => VDM.test(l)).length;
        if (f.sentences > 0) expect(vdm).toBe(f.sentences);
        if (f.multiParts !== undefined) expect(lines.filter((l) => MULTI.test(l)).length).toBe(f.multiParts);
        // Every line that is not a VDM/VDO sentence is a $PGHP / $PSTT / tag-block-only line here.
        expect(s.read).toBe(vdm);
        expect(s.ignored).toBe(lines.length - vdm);
        expect(set.summaries).toEqual([s]);
      });

      it('accepts every message: these logs hold no corrupt sentences', () => {
        expect(s.quarantined).toBe(0);
        const singles = lines.filter((l) => VDM.test(l) && !MULTI.test(l)).length;
        const multis = lines.filter((l) => LAST_OF_MULTI.test(l)).length;
        expect(s.messages).toBe(singles + multis);
        expect(s.positions + s.noPosition).toBeLessThanOrEqual(s.messages);
      });

      it(`dates every position within the recording, ${f.from} to ${f.to}`, () => {
        const p = set.positions;
        expect(p.length).toBe(s.positions);
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < p.length; i++) {
          lo = Math.min(lo, p.time[i]!);
          hi = Math.max(hi, p.time[i]!);
        }
        expect(lo).toBeGreaterThanOrEqual(Date.parse(f.from));
        expect(hi).toBeLessThanOrEqual(Date.parse(f.to));
        expect(hi - lo).toBeGreaterThan(0.9 * (Date.parse(f.to) - Date.parse(f.from)) - 2000);
      });

      if (f.vessels !== undefined) {
        it(`sees about the README's ${f.vessels} vessels`, () => {
          const ships = set.assets.all().filter((a) => a.mmsi !== undefined && mmsiKind(a.mmsi) === 'ship').length;
          expect(Math.abs(ships - f.vessels!) / f.vessels!).toBeLessThan(0.1);
        });
      }
    });
  }

  it('the 2013 sample lies in the README bounding box, 7.5-16.5 E, 54.1-58.0 N, and has FGS ALSTER and Russian ships', async () => {
    const set = emptyObservationSet();
    await readNmeaFile(resolve(DATA, 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz'), set);
    const p = set.positions;
    let inside = 0;
    for (let i = 0; i < p.length; i++) if (p.lon[i]! >= 7.5 && p.lon[i]! <= 16.5 && p.lat[i]! >= 54.1 && p.lat[i]! <= 58) inside++;
    expect(inside / p.length).toBeGreaterThan(0.999);
    const alster = set.assets.all().find((a) => a.name === 'FGS ALSTER');
    expect(alster).toMatchObject({ aisShipType: 35, flag: 'DEU', mmsi: 211211450 });
    expect(set.assets.all().filter((a) => a.flag === 'RUS').length).toBeGreaterThan(0);
  });

  it('the 2010 stream has Polish and Danish naval vessels (ship type 35)', async () => {
    const set = emptyObservationSet();
    await readNmeaFile(resolve(DATA, 'dma-aislib-stream_example_2010-06-11.nmea'), set);
    const naval = set.assets.all().filter((a) => a.aisShipType === 35);
    expect(naval.map((a) => a.flag)).toEqual(expect.arrayContaining(['POL', 'DNK']));
    expect(naval.every((a) => a.class === undefined)).toBe(true);
  });
});

describe('the pyais sample (undated, with empty payloads and lone first fragments)', () => {
  const name = 'pyais-nmea_data_sample.nmea';

  it('quarantines every position as no-time when nothing gives a time, and reconciles', async () => {
    const set = emptyObservationSet();
    const s = await readNmeaFile(resolve(DATA, name), set);
    reconciles(s);
    const lines = fileLines(name);
    // The README says 897 lines; that is `wc -l`, and the file's last line has no newline.
    expect(lines.length).toBe(898);
    expect(s.read).toBe(lines.filter((l) => VDM.test(l)).length);
    expect(s.byReason['empty-payload']).toBe(lines.filter((l) => l.startsWith('!AIVDM,1,1,,A,,') || l.startsWith('!AIVDM,1,1,,B,,')).length);
    // Its two-part messages are all first fragments without a second.
    expect(lines.filter((l) => /^!AIVDM,2,2,/.test(l)).length).toBe(0);
    expect(s.byReason['stale-fragment']).toBe(lines.filter((l) => /^!AIVDM,2,1,/.test(l)).length);
    expect(s.positions).toBe(0);
    expect(s.byReason['no-time']).toBeGreaterThan(700);
    const q = set.quarantine.find((r) => r.code === 'no-time')!;
    expect(q.reason).toMatch(/no tag block c:, no \$PGHP line before it, no UNIX time after the checksum, and no assumeTimeMs option/);
  });

  it('accepts the same positions with assumeTimeMs', async () => {
    const set = emptyObservationSet();
    const t = Date.parse('2021-01-01T00:00:00Z');
    const s = await readNmeaFile(resolve(DATA, name), set, { assumeTimeMs: t });
    reconciles(s);
    expect(s.byReason['no-time']).toBeUndefined();
    expect(s.timeSources.assumed).toBe(s.positions);
    expect(s.positions).toBeGreaterThan(700);
    // Greek waters.
    let inGreece = 0;
    for (let i = 0; i < set.positions.length; i++) if (set.positions.lon[i]! > 19 && set.positions.lon[i]! < 30 && set.positions.lat[i]! > 34 && set.positions.lat[i]! < 42) inGreece++;
    expect(inGreece / set.positions.length).toBeGreaterThan(0.95);
  });
});

describe('the drift log of 538004030 (tag blocks with g: and c:, trailing UNIX times)', () => {
  let set: ObservationSet;
  let s: NmeaReadSummary;
  beforeAll(async () => {
    set = emptyObservationSet();
    s = await readNmeaFile(resolve(DATA, 'dma-aisabnormal-538004030_drift_1.nmea'), set);
  });

  it('uses every time source the log has', () => {
    const lines = fileLines('dma-aisabnormal-538004030_drift_1.nmea');
    expect(lines.filter((l) => /\*[0-9A-F]{2},\d+\s*$/.test(l)).length).toBe(122); // README
    expect(s.timeSources.tagBlock).toBeGreaterThan(0);
    expect(s.timeSources.pghp).toBeGreaterThan(0);
    expect(s.timeSources.trailing).toBeGreaterThan(0);
  });

  it('gives a time-ordered track in the Kattegat spanning 16:00-18:30 UTC', () => {
    const p = set.positions;
    const idx = set.assets.indexOf('mmsi:538004030')!;
    expect(set.assets.at(idx)).toMatchObject({ name: 'FRIO', flag: 'MHL' });
    let n = 0;
    let prev = -Infinity;
    let backwards = 0;
    let otherAssets = 0;
    let outside = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < p.length; i++) {
      if (p.asset[i] !== idx) otherAssets++;
      if (!(p.lon[i]! > 10.5 && p.lon[i]! < 12.5 && p.lat[i]! > 56 && p.lat[i]! < 58)) outside++;
      // In file order, times never step back by more than a second (receivers disagree by less).
      if (p.time[i]! < prev - 1000) backwards++;
      prev = Math.max(prev, p.time[i]!);
      lo = Math.min(lo, p.time[i]!);
      hi = Math.max(hi, p.time[i]!);
      n++;
    }
    expect(otherAssets).toBe(0);
    expect(outside).toBe(0);
    expect(backwards).toBe(0);
    expect(n).toBe(s.positions);
    expect(lo).toBeGreaterThanOrEqual(Date.parse('2014-09-28T16:00:00Z'));
    expect(lo).toBeLessThan(Date.parse('2014-09-28T16:01:00Z'));
    expect(hi).toBeGreaterThan(Date.parse('2014-09-28T18:29:00Z'));
    expect(hi).toBeLessThanOrEqual(Date.parse('2014-09-28T18:30:00Z'));
    // Drifting: over the 2.5 hours the ship stays within a few kilometres.
    const order = p.timeOrder();
    const first = order[0]!;
    const last = order[order.length - 1]!;
    const km = Math.hypot((p.lon[last]! - p.lon[first]!) * 111.32 * Math.cos((57.8 * Math.PI) / 180), (p.lat[last]! - p.lat[first]!) * 110.6);
    expect(km).toBeLessThan(10);
  });

  it('cites the last line of each message as the observation', () => {
    const p = set.positions;
    const lines = fileLines('dma-aisabnormal-538004030_drift_1.nmea');
    for (let i = 0; i < p.length; i += 97) expect(VDM.test(lines[p.line[i]! - 1]!)).toBe(true);
    expect(p.observationId(0)).toMatch(/^dma-aisabnormal-538004030_drift_1\.nmea:\d+$/);
  });
});

// ---------------------------------------------------------------------------------------------
// Oracle: ggencoder decodes the same sentences (without tag blocks and trailing fields).

interface GgDecoded {
  valid: boolean;
  aistype?: number;
  immsi?: number;
  lon?: number;
  lat?: number;
  sog?: number;
  cog?: number;
  shipname?: string;
  callsign?: string;
  cargo?: number;
  imo?: number;
  part?: number;
}
const requireCjs = createRequire(import.meta.url);
const { AisDecode } = requireCjs('ggencoder') as { AisDecode: new (sentence: string, session?: Record<string, unknown>) => GgDecoded };

function bareSentence(raw: string): string {
  const body = raw.startsWith('\\') ? raw.slice(raw.indexOf('\\', 1) + 1) : raw;
  return body.slice(0, body.indexOf('*') + 3);
}

function ggDecode(raws: readonly string[]): GgDecoded {
  const session: Record<string, unknown> = {};
  let d: GgDecoded | undefined;
  for (const r of raws) d = new AisDecode(bareSentence(r), session);
  return d!;
}

describe('oracle cross-check against ggencoder', () => {
  const compared: Record<string, number> = {};
  const fields: Record<string, number> = {};
  const disagreements: string[] = [];

  function check(msg: Readonly<AisMessage>, raws: readonly string[]): void {
    const g = ggDecode(raws);
    const where = `${bareSentence(raws[raws.length - 1]!)} (type ${msg.type})`;
    const bad = (what: string, ours: unknown, theirs: unknown): void => {
      disagreements.push(`${where}: ${what} ours=${String(ours)} ggencoder=${String(theirs)}`);
    };
    const count = (f: string): void => {
      fields[f] = (fields[f] ?? 0) + 1;
    };
    compared[msg.type] = (compared[msg.type] ?? 0) + 1;
    if (g.aistype !== msg.type) bad('type', msg.type, g.aistype);
    if (g.immsi !== msg.mmsi) bad('mmsi', msg.mmsi, g.immsi);
    count('mmsi');
    const near = (a: number, b: number | undefined): boolean => b !== undefined && Math.abs(a - b) < 1e-9;

    if ([1, 2, 3, 4, 18, 19, 21].includes(msg.type)) {
      if (msg.position === POS_OK) {
        if (!g.valid || !near(msg.lon, g.lon) || !near(msg.lat, g.lat)) bad('position', `${msg.lon},${msg.lat}`, `${g.lon},${g.lat}`);
        count('lon/lat');
      } else if (msg.position === POS_NOT_AVAILABLE) {
        if (g.valid) bad('position n/a', 'n/a', `${g.lon},${g.lat}`);
        count('lon/lat n/a');
      }
    }
    if ([1, 2, 3, 18, 19].includes(msg.type)) {
      if (Number.isNaN(msg.speed) ? g.sog !== 102.3 : !near(msg.speed, g.sog)) bad('speed', msg.speed, g.sog);
      if (Number.isNaN(msg.course) ? (g.cog ?? 0) < 360 : !near(msg.course, g.cog)) bad('course', msg.course, g.cog);
      count('speed');
      count('course');
    }
    const sameText = (ours: string | undefined, theirs: string | undefined, what: string): void => {
      if ((ours ?? '') !== (theirs ?? '').trim()) bad(what, ours, theirs);
      count(what);
    };
    const sameType = (): void => {
      if ((msg.shipType ?? 0) !== g.cargo) bad('ship type', msg.shipType, g.cargo);
      count('ship type');
    };
    if (msg.type === 5 && g.imo !== undefined) {
      sameText(msg.name, g.shipname, 'name');
      sameText(msg.callsign, g.callsign, 'callsign');
      sameType();
      if ((msg.imo ?? 0) !== g.imo) bad('imo', msg.imo, g.imo);
    }
    if (msg.type === 19) {
      sameText(msg.name, g.shipname, 'name');
      sameType();
    }
    if (msg.type === 21) {
      // ggencoder reads the 20-character name without the extension.
      if (!(msg.name ?? '').startsWith((g.shipname ?? '').trim())) bad('name', msg.name, g.shipname);
      count('name');
    }
    if (msg.type === 24) {
      if (msg.part === 0) sameText(msg.name, g.shipname, 'name');
      else {
        sameText(msg.callsign, g.callsign, 'callsign');
        sameType();
      }
    }
  }

  it('agrees on every message both decode, in every real file', async () => {
    const files = [...FILES.map((f) => f.file), 'pyais-nmea_data_sample.nmea'];
    for (const file of files) {
      await readNmeaFile(resolve(DATA, file), emptyObservationSet(), { assumeTimeMs: 0, onMessage: (m, raws) => check(m, raws) });
    }
    const total = Object.values(compared).reduce((a, b) => a + b, 0);
    console.info(`ggencoder oracle: ${total} messages compared, by type ${JSON.stringify(compared)}; field checks ${JSON.stringify(fields)}`);
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(total).toBeGreaterThan(35_000);
    expect(fields['lon/lat']).toBeGreaterThan(30_000);
    expect(fields['name']).toBeGreaterThan(800);
  });
});

// ---------------------------------------------------------------------------------------------
// Corruptions and reassembly, built from real lines.

describe('multi-part reassembly with real fragments', () => {
  const stream = fileLines('dma-aislib-stream_example_2010-06-11.nmea');
  // Two-part messages as [first, second] pairs, in file order.
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < stream.length; i++) {
    if (/^!..VDM,2,1,/.test(stream[i]!) && /^!..VDM,2,2,/.test(stream[i + 1]!)) pairs.push([stream[i]!, stream[i + 1]!]);
  }
  const key = (l: string): string => l.split(',').slice(0, 1).concat(l.split(',').slice(3, 5)).join(',');
  const [a, b] = (() => {
    const first = pairs[0]!;
    const other = pairs.find((p) => key(p[0]) !== key(first[0]))!;
    return [first, other];
  })();

  function names(lines: string[]): { names: (string | undefined)[]; lines: number[][]; summary: NmeaReadSummary } {
    const got: (string | undefined)[] = [];
    const at: number[][] = [];
    const { summary } = feed(lines, {
      onMessage: (m, _r, ls) => {
        got.push(m.name);
        at.push([...ls]);
      },
    });
    return { names: got, lines: at, summary };
  }

  it('decodes two real messages fed one after the other', () => {
    const r = names([...a, ...b]);
    expect(r.summary.messages).toBe(2);
    expect(r.names.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
  });

  it('reassembles the same two messages interleaved (A1 B1 A2 B2)', () => {
    const sequential = names([...a, ...b]).names;
    const r = names([a[0], b[0], a[1], b[1]]);
    reconciles(r.summary);
    expect(r.summary.accepted).toBe(4);
    expect(r.names).toEqual(sequential);
    expect(r.lines).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it('keeps apart two messages with the same sequential id on different channels', () => {
    const onB = (l: string): string => {
      const f = l.split(',');
      f[4] = f[4] === 'A' ? 'B' : 'A';
      const body = f.join(',').replace(/\*..$/, '');
      let x = 0;
      for (let i = 1; i < body.length; i++) x ^= body.charCodeAt(i);
      return `${body}*${x.toString(16).toUpperCase().padStart(2, '0')}`;
    };
    // b with a's sequential id, moved to the other channel.
    const sameId = b.map((l) => {
      const f = l.split(',');
      f[3] = a[0].split(',')[3]!;
      f[4] = a[0].split(',')[4]!;
      return onB(f.join(','));
    });
    const r = names([a[0], sameId[0]!, a[1], sameId[1]!]);
    expect(r.summary.quarantined).toBe(0);
    expect(r.summary.messages).toBe(2);
  });

  it('quarantines a duplicated first fragment and a second fragment without its first', () => {
    const r = feed([a[0], a[0], a[1], b[1]]);
    reconciles(r.summary);
    expect(r.summary.messages).toBe(1);
    expect(r.summary.byReason).toEqual({ 'fragment-order': 2 });
    expect(r.set.quarantine.map((q) => q.line)).toEqual([2, 4]);
    expect(r.set.quarantine[0]!.reason).toMatch(/fragment 1 of the 2-part message .* repeats line 1/);
    expect(r.set.quarantine[1]!.reason).toMatch(/fragment 2 of a 2-part message .* arrived without fragment 1/);
  });

  it('drops a first fragment that is never completed: by time, and at the end of input', () => {
    const pghp = (sec: number): string => {
      const body = `PGHP,1,2010,6,11,11,46,${sec},0,219,,2190048,1,00`;
      let x = 0;
      for (const ch of body) x ^= ch.charCodeAt(0);
      return `$${body}*${x.toString(16).toUpperCase().padStart(2, '0')}`;
    };
    const single = stream.find((l) => /^!AIVDM,1,1,,.,1/.test(l))!;
    const r = feed([pghp(10), a[0], pghp(11), single, pghp(25), single, a[1]], { fragmentTimeoutMs: 10_000 });
    reconciles(r.summary);
    expect(r.summary.byReason).toEqual({ 'stale-fragment': 1, 'fragment-order': 1 });
    const stale = r.set.quarantine.find((q) => q.code === 'stale-fragment')!;
    expect(stale.line).toBe(2);
    expect(stale.reason).toMatch(/never completed: no fragment 2 within 10 s of fragment 1/);
    expect(r.summary.positions).toBe(2);

    const end = feed([a[0]]);
    expect(end.summary.byReason).toEqual({ 'stale-fragment': 1 });
    expect(end.set.quarantine[0]!.reason).toMatch(/input ended before fragment 2/);
  });

  it('quarantines both fragments of a message with a corrupted second fragment', () => {
    const corrupt = a[1].replace(/\*..$/, '*00');
    const r = feed([a[0], corrupt]);
    reconciles(r.summary);
    expect(r.summary.byReason).toEqual({ 'bad-checksum': 1, 'stale-fragment': 1 });
  });
});

describe('corrupted real sentences through the reader', () => {
  const stream = fileLines('dma-aislib-stream_example_2010-06-11.nmea');
  const pghp = stream[0]!;
  const type1 = stream[stream.findIndex((l) => /^!AIVDM,1,1,,.,1/.test(l))]!;
  const reseal = (body: string): string => {
    const s = body.replace(/\*..$/, '');
    let x = 0;
    for (let i = 1; i < s.length; i++) x ^= s.charCodeAt(i);
    return `${s}*${x.toString(16).toUpperCase().padStart(2, '0')}`;
  };

  it('gives each broken line its own code and keeps the rest', () => {
    const payload = type1.split(',')[5]!;
    const lines = [
      pghp,
      type1, // good
      type1.replace(/\*..$/, '*00'), // bad-checksum
      reseal(type1.replace(payload, payload.slice(0, 20))), // truncated
      reseal(type1.replace(/,0\*/, ',7*')), // fill-bits out of range
      reseal(type1.replace(/,0\*/, ',4*')), // fill-bits eat into a 168-bit message
      reseal(type1.replace(payload, `${payload.slice(0, 5)}Z${payload.slice(6)}`)), // bad-payload
      '!AIVDM,1,1,,B,,0*25', // empty-payload
      '\\c:1276256771*00\\' + type1, // bad-tag-block
      '',
      '$PSTT,30A,20131112,120000*6D',
    ];
    const { set, summary } = feed(lines);
    reconciles(summary);
    expect(summary.read).toBe(8);
    expect(summary.ignored).toBe(3);
    expect(summary.accepted).toBe(1);
    expect(summary.byReason).toEqual({ 'bad-checksum': 1, truncated: 1, 'fill-bits': 2, 'bad-payload': 1, 'empty-payload': 1, 'bad-tag-block': 1 });
    expect(set.quarantine.map((q) => q.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    for (const q of set.quarantine) {
      expect(q.source).toBe('test');
      expect(q.raw).toBe(lines[q.line - 1]);
      // One sentence: a single line, no full stop followed by another sentence.
      expect(q.reason).not.toMatch(/\n|\.\s+[A-Z]/);
      expect(q.reason.length).toBeGreaterThan(20);
    }
    expect(set.quarantine.find((q) => q.code === 'truncated')!.reason).toMatch(/type 1 payload has 120 bits; it needs at least 168/);
  });

  it('does not lend a $PGHP time to a later message that has none', () => {
    const { summary } = feed([pghp, type1, type1]);
    expect(summary.timeSources).toMatchObject({ pghp: 1, pghpInherited: 1 });
  });

  it('rejects a failing file instead of returning a partial summary', async () => {
    await expect(readNmeaFile(resolve(DATA, 'no-such-file.nmea'), emptyObservationSet())).rejects.toThrow(/ENOENT/);
    const dir = mkdtempSync(join(tmpdir(), 'redline-nmea-'));
    const cut = join(dir, 'cut.nmea.gz');
    const gz = readFileSync(resolve(DATA, 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz'));
    writeFileSync(cut, Buffer.concat([gz.subarray(0, 5000), Buffer.alloc(64, 7)]));
    await expect(readNmeaFile(cut, emptyObservationSet())).rejects.toThrow();
  });
});
