/**
 * Fuzzing the line readers with mutations of the real recorded data: 120,000 NMEA sentences and
 * 120,000 DMA CSV rows, seeded so every run feeds the same input. What must hold whatever comes in:
 * no exception escapes a reader; every line is either ignored or read, and every read record is
 * accepted or quarantined with a code and a reason (`read === accepted + quarantined`, per source);
 * every accepted position has finite time, longitude in [-180, 180] and latitude in [-90, 90].
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DMA_COLUMNS } from './dma-csv/columns.js';
import { nmeaToDmaCsv } from './dma-csv/from-nmea.js';
import { DmaCsvReader } from './dma-csv/reader.js';
import { feedLines, type LineReader } from './input/lines.js';
import { emptyObservationSet, type ObservationSet, type ReadSummary } from './model.js';
import { NmeaReader } from './nmea/reader.js';

const DATA = resolve(process.cwd(), '../shared/data');
const NMEA_FILES = ['dma-aislib-stream_example_2010-06-11.nmea', 'dma-aislib-replay_dump_2013-03-18.nmea', 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz', 'dma-aisabnormal-538004030_drift_1.nmea', 'pyais-nmea_data_sample.nmea'];
const PER_FORMAT = 120_000;
const PER_SOURCE = 20_000;

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nmeaLines(): string[] {
  const out: string[] = [];
  for (const f of NMEA_FILES) {
    const bytes = readFileSync(resolve(DATA, f));
    out.push(...(f.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0));
  }
  return out;
}

const ARMOUR = '0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw';

/** Recomputes the checksum of the sentence in a line (after any tag block), so what is wrong is the content. */
function withChecksum(line: string): string {
  const start = line.search(/[!$]/);
  const star = line.indexOf('*', start + 1);
  if (start < 0 || star < 0) return line;
  let x = 0;
  for (let i = start + 1; i < star; i++) x ^= line.charCodeAt(i) & 0xff;
  return `${line.slice(0, star + 1)}${x.toString(16).toUpperCase().padStart(2, '0')}${line.slice(star + 3)}`;
}

interface Mutator {
  pick: (n: number) => number;
  chance: (p: number) => boolean;
  rnd: () => number;
}

function mutator(seed: number): Mutator {
  const rnd = rng(seed);
  return { rnd, pick: (n) => Math.floor(rnd() * n), chance: (p) => rnd() < p };
}

function randomBytes(m: Mutator, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(m.pick(256));
  return s;
}

/** Mutations of a comma-separated line shared by both formats. */
function mutateFields(m: Mutator, line: string, sep = ','): string {
  const f = line.split(sep);
  const i = m.pick(f.length);
  const j = m.pick(f.length);
  switch (m.pick(4)) {
    case 0:
      f.splice(i, 1);
      break;
    case 1:
      f.splice(i, 0, f[i]!);
      break;
    case 2:
      [f[i], f[j]] = [f[j]!, f[i]!];
      break;
    default:
      f[i] = '';
  }
  return f.join(sep);
}

function flipBit(m: Mutator, line: string): string {
  if (line.length === 0) return line;
  const i = m.pick(line.length);
  return line.slice(0, i) + String.fromCharCode((line.charCodeAt(i) ^ (1 << m.pick(8))) & 0xff) + line.slice(i + 1);
}

function mutateNmea(m: Mutator, line: string): string {
  switch (m.pick(12)) {
    case 0:
      return line; // real sentences keep the reassembler and the clocks busy
    case 1:
      return flipBit(m, line);
    case 2:
      return line.slice(0, m.pick(line.length + 1));
    case 3:
      return mutateFields(m, line);
    case 4:
      return withChecksum(mutateFields(m, line));
    case 5: {
      // Wrong fill bits, checksum recomputed: the fill field is the last before '*'.
      return withChecksum(line.replace(/,(\d)\*/, () => `,${m.pick(10)}*`));
    }
    case 6: {
      // A payload character changed (or the payload cut, or grown), checksum recomputed.
      const f = line.split(',');
      const k = f.findIndex((x, idx) => idx >= 5 && x.length > 0 && idx === f.length - 2);
      if (k < 0) return withChecksum(flipBit(m, line));
      const p = f[k]!;
      const at = m.pick(p.length + 1);
      const op = m.pick(3);
      f[k] = op === 0 ? p.slice(0, at) + ARMOUR[m.pick(ARMOUR.length)] + p.slice(at + 1) : op === 1 ? p.slice(0, at) : p + p.slice(0, at);
      return withChecksum(f.join(','));
    }
    case 7:
      return randomBytes(m, m.pick(200));
    case 8:
      // Absurd lengths, now and then: a payload repeated into thousands of characters.
      if (!m.chance(0.1)) return withChecksum(line.replace(/,([0-9:;<=>?@A-W`a-w]+),/, (_, p: string) => `,${p.repeat(2 + m.pick(5))},`));
      return withChecksum(line.replace(/,([0-9:;<=>?@A-W`a-w]+),/, (_, p: string) => `,${p.repeat(50 + m.pick(500))},`));
    case 9: {
      // A tag block cut in half, alone or glued to a sentence.
      const tb = line.match(/^\\[^\\]*\\/)?.[0] ?? '\\g:1-2-1234,s:2573485,c:1384257600*0D\\';
      const half = tb.slice(0, 1 + m.pick(tb.length - 1));
      return m.chance(0.5) ? half : half + line.replace(/^\\[^\\]*\\/, '');
    }
    case 10: {
      // Fragment count and number made up, checksum recomputed.
      return withChecksum(line.replace(/(VD[MO]),(\d),(\d),/, (_, vd: string) => `${vd},${m.pick(10)},${m.pick(10)},`));
    }
    default: {
      // Random numbers in random fields, checksum recomputed.
      const f = line.split(',');
      f[m.pick(f.length)] = m.chance(0.5) ? String(m.pick(1e6) - 5e5) : randomBytes(m, m.pick(12));
      return withChecksum(f.join(','));
    }
  }
}

const WEIRD_VALUES = ['', '91', '181', '-91', '-181', '90.0000001', '-0', '1e400', 'NaN', 'Infinity', '0x1A', '  12.5  ', '"', '""', '"a,b"', '"unterminated', '31/02/2023 00:00:00', '01/01/2023 24:00:00', '2023-01-01T00:00:00Z', '00/00/0000 00:00:00', '1234567890', '-1', '999999999', '0', 'Æ', '\ufeff'];

function withWeirdValue(m: Mutator, row: string): string {
  const f = row.split(',');
  f[m.pick(f.length)] = WEIRD_VALUES[m.pick(WEIRD_VALUES.length)]!;
  return f.join(',');
}

function mutateCsv(m: Mutator, row: string, header: string): string {
  switch (m.pick(10)) {
    case 0:
    case 1:
      return row;
    case 2:
      return flipBit(m, row);
    case 3:
      return row.slice(0, m.pick(row.length + 1));
    case 4:
      return mutateFields(m, row);
    case 5:
      return withWeirdValue(m, row);
    case 6:
      return randomBytes(m, m.pick(300));
    case 7:
      // Absurd lengths now and then; mostly a row glued to itself once or twice.
      return row.repeat(m.chance(0.05) ? 100 + m.pick(400) : 2 + m.pick(2));
    case 8:
      // Now and then a header again mid-stream (concatenated files), sometimes cut short.
      if (!m.chance(0.05)) return withWeirdValue(m, row);
      return m.chance(0.5) ? header : header.slice(0, m.pick(header.length));
    default: {
      // Quotes and commas where they do not belong.
      const at = m.pick(row.length + 1);
      return row.slice(0, at) + ['"', ',', '""', '\r', '\u0000', '\\'][m.pick(6)] + row.slice(at);
    }
  }
}

interface Fed {
  set: ObservationSet;
  summary: ReadSummary;
  lines: number;
}

/** Feeds lines as bytes in random chunk sizes through the shared splitter, as a file would come. */
async function feedAsBytes<S extends ReadSummary>(m: Mutator, lines: string[], make: (set: ObservationSet) => LineReader<S>, encoding: 'latin1' | 'utf8'): Promise<Fed> {
  const set = emptyObservationSet();
  const text = lines.join(m.chance(0.5) ? '\n' : '\r\n');
  const bytes = Buffer.from(text, encoding);
  async function* chunks() {
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + m.pick(70_000);
      yield bytes.subarray(i, i + n);
      i += n;
    }
  }
  // Lines as the splitter sees them: a "\r" only counts at the end of a line.
  const seen = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const summary = await feedLines(chunks(), make(set), { encoding });
  return { set, summary, lines: seen };
}

function holds(fed: Fed): void {
  const { set, summary: s } = fed;
  expect(s.read, s.source).toBe(s.accepted + s.quarantined);
  expect(s.read + s.ignored, s.source).toBe(fed.lines);
  expect(Object.values(s.byReason).reduce((a, b) => a + b, 0)).toBe(s.quarantined);
  expect(set.quarantine.length).toBe(s.quarantined);
  // Plain checks in the loops: an expect() per record would cost more than the reading.
  for (const q of set.quarantine) {
    if (q.source !== s.source || q.code.length === 0 || q.reason.length === 0 || !(q.line >= 1 && q.line <= fed.lines)) throw new Error(`bad quarantine record ${JSON.stringify(q).slice(0, 300)}`);
  }
  const p = set.positions;
  expect(p.length).toBe(s.positions);
  for (let i = 0; i < p.length; i++) {
    const [t, lon, lat, sp, co] = [p.time[i]!, p.lon[i]!, p.lat[i]!, p.speed[i]!, p.course[i]!];
    if (!(Number.isFinite(t) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) throw new Error(`${s.source} position ${i}: time ${t}, lon ${lon}, lat ${lat}`);
    if (!(Number.isNaN(sp) || sp >= 0) || !(Number.isNaN(co) || (co >= 0 && co <= 360))) throw new Error(`${s.source} position ${i}: speed ${sp}, course ${co}`);
    if (p.asset[i]! >= set.assets.size) throw new Error(`${s.source} position ${i}: no asset ${p.asset[i]}`);
  }
}

describe('fuzzing the line readers with mutated real data', () => {
  let realNmea: string[];
  let csvRows: string[];
  beforeAll(async () => {
    realNmea = nmeaLines();
    const parts: string[] = [];
    for (const f of NMEA_FILES.slice(0, 4)) {
      const bytes = readFileSync(resolve(DATA, f));
      // An array is iterable by `for await` too.
      await nmeaToDmaCsv([f.endsWith('.gz') ? gunzipSync(bytes) : bytes] as unknown as AsyncIterable<Buffer>, (t) => void parts.push(t));
    }
    csvRows = parts.join('').split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
  });

  it(`${PER_FORMAT} NMEA sentences: no crash, every one ignored, accepted or quarantined with a reason`, async () => {
    const m = mutator(20261202);
    let fedCount = 0;
    let accepted = 0;
    let quarantined = 0;
    for (let src = 0; fedCount < PER_FORMAT; src++) {
      const lines: string[] = [];
      // Runs of consecutive real lines, so multi-part messages and $PGHP times are there to be broken.
      while (lines.length < PER_SOURCE) {
        const at = m.pick(realNmea.length);
        const run = Math.min(1 + m.pick(40), PER_SOURCE - lines.length);
        for (let k = 0; k < run; k++) {
          const real = realNmea[(at + k) % realNmea.length]!;
          lines.push(m.chance(0.5) ? mutateNmea(m, real) : real);
        }
      }
      fedCount += lines.length;
      const fed = await feedAsBytes(m, lines, (set) => new NmeaReader(set, `fuzz-nmea-${src}`), 'latin1');
      holds(fed);
      accepted += fed.summary.accepted;
      quarantined += fed.summary.quarantined;
    }
    expect(fedCount).toBeGreaterThanOrEqual(PER_FORMAT);
    // Both outcomes happen: the mutations are neither all harmless nor all fatal.
    expect(accepted).toBeGreaterThan(PER_FORMAT / 20);
    expect(quarantined).toBeGreaterThan(PER_FORMAT / 5);
  });

  it(`${PER_FORMAT} DMA CSV rows: no crash, every one ignored, accepted or quarantined with a reason`, async () => {
    const m = mutator(7052026);
    let fedCount = 0;
    let accepted = 0;
    let quarantined = 0;
    for (let src = 0; fedCount < PER_FORMAT; src++) {
      const header = `# ${DMA_COLUMNS.join(',')}`;
      const lines = [m.chance(0.2) ? `\ufeff${header}` : header];
      for (let k = 0; k < PER_SOURCE; k++) lines.push(mutateCsv(m, csvRows[m.pick(csvRows.length)]!, header));
      fedCount += lines.length - 1;
      const fed = await feedAsBytes(m, lines, (set) => new DmaCsvReader(set, `fuzz-csv-${src}`), 'utf8');
      holds(fed);
      accepted += fed.summary.accepted;
      quarantined += fed.summary.quarantined;
    }
    expect(fedCount).toBeGreaterThanOrEqual(PER_FORMAT);
    expect(accepted).toBeGreaterThan(PER_FORMAT / 5);
    expect(quarantined).toBeGreaterThan(PER_FORMAT / 5);
  });
});
