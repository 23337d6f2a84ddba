/**
 * The decoders the ingest benchmark races, each driven over the same batches of lines the way its
 * documentation says, and a check that they decode the same thing.
 *
 * - Redline: `NmeaReader.line` per line, positions into `PositionColumns`, drained after each batch
 *   as `redline ingest` drains into its store (`feedLines`' `afterBatch`).
 * - ggencoder 1.0: `new AisDecode(sentence, session)` per sentence (its README); a multi-part message
 *   is assembled in a session object the caller holds, so a fresh one is given at each first fragment.
 * - ais-stream-decoder 2.1: a Transform stream, `write(sentence)` per sentence with `{ silent: true }`
 *   (its README's pipe example) so that a sentence it cannot decode is skipped rather than ending the
 *   stream; it assembles multi-part messages itself and emits each message as a JSON string, which the
 *   leg parses, as any consumer must to read a position.
 * Every leg gives the event loop a turn after each batch (as reading a file would), the same for all.
 */

import { createRequire } from 'node:module';
import { emptyObservationSet } from '../../src/observations/model.js';
import { POS_OK } from '../../src/observations/nmea/messages.js';
import { NmeaReader, type NmeaReaderOptions, type NmeaReadSummary } from '../../src/observations/nmea/reader.js';
import { MemorySampler, type MemoryPeak, yieldToLoop } from './memory.js';

const require = createRequire(import.meta.url);

interface GgDecoded {
  valid: boolean;
  aistype?: number;
  immsi?: number;
  lon?: number;
  lat?: number;
}
type GgDecode = new (sentence: string, session: Record<string, unknown>) => GgDecoded;
const { AisDecode } = require('ggencoder') as { AisDecode: GgDecode };

interface AsdDecoder {
  on(event: 'data', listener: (json: string) => void): void;
  write(line: string): boolean;
  end(): void;
}
type AsdConstructor = new (options?: { silent?: boolean }) => AsdDecoder;
const AisStreamDecoder = (require('ais-stream-decoder') as { default: AsdConstructor }).default;

interface AsdMessage {
  type: number;
  mmsi: number;
  lon?: number | null;
  lat?: number | null;
}

/** The position reports all three decode: types 1-3 (class A), 4 (base station) and 18 (class B). */
export const COMMON_POSITION_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 4, 18]);
const COMMON = new Uint8Array(64);
for (const t of COMMON_POSITION_TYPES) COMMON[t] = 1;

function hasPosition(lon: number | null | undefined, lat: number | null | undefined): boolean {
  return typeof lon === 'number' && typeof lat === 'number' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
}

export interface LegResult {
  name: string;
  /** AIS sentences fed (the rate's numerator). */
  sentences: number;
  /** Lines fed, sentences included. */
  lines: number;
  seconds: number;
  /** CPU time of the process over the leg (user + system). */
  cpuSeconds: number;
  memory: MemoryPeak;
  /** Messages the decoder produced. */
  messages: number;
  /** Position reports of the common types (1-4, 18) with a position, as that decoder gave them. */
  commonPositions: number;
  /** What else the leg has to say (Redline's summary, errors thrown). */
  note: string;
  summary?: NmeaReadSummary;
}

async function timed(name: string, sentences: number, lines: number, run: () => Promise<Omit<LegResult, 'name' | 'sentences' | 'lines' | 'seconds' | 'cpuSeconds' | 'memory'>>): Promise<LegResult> {
  const sampler = new MemorySampler();
  sampler.start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { name, sentences, lines, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, memory: sampler.stop(), ...r };
}

function countLines(batches: readonly string[][]): number {
  let n = 0;
  for (const b of batches) n += b.length;
  return n;
}

/** Redline over the full lines (tag blocks, `$PGHP` lines and all), or over bare sentences with `options`. */
export function redlineLeg(name: string, batches: readonly string[][], sentences: number, options: NmeaReaderOptions = {}): Promise<LegResult> {
  return timed(name, sentences, countLines(batches), async () => {
    const set = emptyObservationSet();
    const reader = new NmeaReader(set, 'bench', options);
    let n = 0;
    for (const batch of batches) {
      for (let i = 0; i < batch.length; i++) reader.line(batch[i]!, ++n);
      set.positions.clear();
      set.quarantine.length = 0;
      await yieldToLoop();
    }
    const s = reader.finish();
    return { messages: s.messages, commonPositions: NaN, summary: s, note: `read ${s.read} = accepted ${s.accepted} + quarantined ${s.quarantined} ${JSON.stringify(s.byReason)}; ${s.positions} positions of all types` };
  });
}

/** First fragment of a multi-part message? (`!xxVDM,n,1,` with n > 1; one-digit fields, as in these files.) */
function startsMultipart(s: string): boolean {
  return s.charCodeAt(7) !== 49 && s.charCodeAt(9) === 49;
}

export function ggencoderLeg(batches: readonly string[][]): Promise<LegResult> {
  const lines = countLines(batches);
  return timed('ggencoder', lines, lines, async () => {
    let session: Record<string, unknown> = {};
    let valid = 0;
    let positions = 0;
    let thrown = 0;
    for (const batch of batches) {
      for (let i = 0; i < batch.length; i++) {
        const s = batch[i]!;
        if (startsMultipart(s)) session = {};
        try {
          const d = new AisDecode(s, session);
          if (d.valid) {
            valid++;
            if (COMMON[d.aistype ?? 0] === 1 && hasPosition(d.lon, d.lat)) positions++;
          }
        } catch {
          thrown++;
        }
      }
      await yieldToLoop();
    }
    return { messages: valid, commonPositions: positions, note: `${valid} messages with valid = true${thrown ? `, ${thrown} sentences threw` : ''}` };
  });
}

export function aisStreamDecoderLeg(batches: readonly string[][]): Promise<LegResult> {
  const lines = countLines(batches);
  return timed('ais-stream-decoder', lines, lines, async () => {
    const decoder = new AisStreamDecoder({ silent: true });
    let messages = 0;
    let positions = 0;
    decoder.on('data', (json: string) => {
      messages++;
      const m = JSON.parse(json) as AsdMessage;
      if (COMMON[m.type] === 1 && hasPosition(m.lon, m.lat)) positions++;
    });
    await yieldToLoop(); // the stream starts flowing on the next turn
    for (const batch of batches) {
      for (let i = 0; i < batch.length; i++) decoder.write(batch[i]!);
      await yieldToLoop();
    }
    decoder.end();
    await yieldToLoop();
    return { messages, commonPositions: positions, note: `${messages} messages emitted` };
  });
}

// ---------------------------------------------------------------------------------------------
// Agreement: one copy of the files, every decoder's position reports keyed by the sentence that
// completed them.

interface Fix {
  type: number;
  mmsi: number;
  lon: number;
  lat: number;
}

export interface Agreement {
  /** Per decoder: messages by type. */
  byType: Record<string, Record<number, number>>;
  /** Per decoder: common-type position reports with a position. */
  positions: Record<string, number>;
  /** Per other decoder: reports both have, how many agree on MMSI and position, the largest difference. */
  compared: Record<string, { both: number; agree: number; maxDeg: number; onlyRedline: number; onlyOther: number }>;
  sample: string[];
}

/**
 * `lines` is one copy of the files; `bare[k]` the k-th AIS sentence stripped for the npm decoders and
 * `ordinalOfLine[lineNo]` the k of an AIS line (1-based line numbers).
 */
export async function checkAgreement(lines: readonly string[], bare: readonly string[], ordinalOfLine: Int32Array): Promise<Agreement> {
  const fixes: Record<string, Map<number, Fix>> = { redline: new Map(), ggencoder: new Map(), 'ais-stream-decoder': new Map() };
  const byType: Record<string, Record<number, number>> = { redline: {}, ggencoder: {}, 'ais-stream-decoder': {} };
  const count = (who: string, type: number): void => {
    const t = byType[who]!;
    t[type] = (t[type] ?? 0) + 1;
  };

  const reader = new NmeaReader(emptyObservationSet(), 'agreement', {
    assumeTimeMs: 0,
    onMessage: (m, _raws, lineNos) => {
      count('redline', m.type);
      if (COMMON[m.type] === 1 && m.position === POS_OK) fixes.redline!.set(ordinalOfLine[lineNos[lineNos.length - 1]!]!, { type: m.type, mmsi: m.mmsi, lon: m.lon, lat: m.lat });
    },
  });
  lines.forEach((l, i) => reader.line(l, i + 1));
  reader.finish();

  let session: Record<string, unknown> = {};
  bare.forEach((s, k) => {
    if (startsMultipart(s)) session = {};
    try {
      const d = new AisDecode(s, session);
      if (!d.valid) return;
      count('ggencoder', d.aistype ?? -1);
      if (COMMON[d.aistype ?? 0] === 1 && hasPosition(d.lon, d.lat)) fixes.ggencoder!.set(k, { type: d.aistype!, mmsi: d.immsi!, lon: d.lon!, lat: d.lat! });
    } catch {
      // counted as not decoded
    }
  });

  const decoder = new AisStreamDecoder({ silent: true });
  let current = -1;
  decoder.on('data', (json: string) => {
    const m = JSON.parse(json) as AsdMessage;
    count('ais-stream-decoder', m.type);
    if (COMMON[m.type] === 1 && hasPosition(m.lon, m.lat)) fixes['ais-stream-decoder']!.set(current, { type: m.type, mmsi: m.mmsi, lon: m.lon!, lat: m.lat! });
  });
  await yieldToLoop();
  for (let k = 0; k < bare.length; k++) {
    current = k;
    decoder.write(bare[k]!);
  }
  decoder.end();
  await yieldToLoop();

  const ours = fixes.redline!;
  const compared: Agreement['compared'] = {};
  for (const other of ['ggencoder', 'ais-stream-decoder']) {
    const theirs = fixes[other]!;
    let both = 0;
    let agree = 0;
    let maxDeg = 0;
    for (const [k, f] of ours) {
      const g = theirs.get(k);
      if (!g) continue;
      both++;
      const d = Math.max(Math.abs(f.lon - g.lon), Math.abs(f.lat - g.lat));
      if (f.mmsi === g.mmsi && f.type === g.type && d < 1e-5) agree++;
      if (d > maxDeg) maxDeg = d;
    }
    compared[other] = { both, agree, maxDeg, onlyRedline: ours.size - both, onlyOther: theirs.size - both };
  }
  // Every 2000th of Redline's reports, with what the others made of the same sentence.
  const sample: string[] = [];
  let i = 0;
  for (const [k, f] of ours) {
    if (i++ % 2000 !== 0) continue;
    const g = fixes.ggencoder!.get(k);
    const a = fixes['ais-stream-decoder']!.get(k);
    const fmt = (x: Fix | undefined): string => (x ? `${x.mmsi} ${x.lon.toFixed(5)},${x.lat.toFixed(5)}` : '-');
    sample.push(`${bare[k]!.padEnd(50)} type ${String(f.type).padStart(2)}  redline ${fmt(f)} | ggencoder ${fmt(g)} | ais-stream-decoder ${fmt(a)}`);
  }
  const positions = Object.fromEntries(Object.entries(fixes).map(([who, m]) => [who, m.size]));
  return { byType, positions, compared, sample };
}
