/**
 * The ingest benchmark's workload: the real NMEA files of ../shared/data, each repeated N times with
 * every time in it moved on by the file's span per copy, so that every copy is valid NMEA and each
 * file's copies follow one another in time.
 *
 * Times live in three places, and each is shifted where it is:
 * - `$PGHP,1,yyyy,m,d,h,mi,s,ms,...*hh` lines: the seven time fields are rewritten and the line's
 *   checksum recomputed (the time is inside the checksummed part);
 * - the `c:` field of an IEC tag block (`\g:1-2-6745,s:...,c:1411920502*56\`): rewritten and the tag
 *   block's checksum recomputed;
 * - a UNIX time after a sentence's checksum (`...*0A,1411920140`): rewritten; nothing to recompute,
 *   since it is outside the checksummed part.
 * The AIS sentences themselves are the recorded ones, byte for byte. A file without times (the pyais
 * sample) is repeated as it is.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The files, in the order of their recording dates, so that the blocks of copies follow in time too. */
export const WORKLOAD_FILES = [
  'dma-aislib-stream_example_2010-06-11.nmea',
  'dma-aislib-replay_dump_2013-03-18.nmea',
  'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz',
  'dma-aisabnormal-538004030_drift_1.nmea',
  'pyais-nmea_data_sample.nmea',
] as const;

export interface BaseFile {
  name: string;
  /** Lines without their line ends (the DMA sample is CRLF). */
  lines: string[];
  /** AIS sentences (`!xxVDM` / `!xxVDO`, with or without a tag block before them). */
  sentences: number;
  /** Earliest and latest time in the file, ms; NaN when it has none. */
  firstMs: number;
  lastMs: number;
  /** How far each copy is moved on from the one before: the span rounded up to a second, plus one second. */
  stepMs: number;
  /** Which lines carry a time (the only ones a copy rewrites). */
  timed: boolean[];
}

const AIS_SENTENCE = /^(?:\\[^\\]*\\)?![A-Z-]{2}VD[MO],/;

export function isAisSentence(line: string): boolean {
  return AIS_SENTENCE.test(line);
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

function xor(text: string, from: number, to: number): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= text.charCodeAt(i);
  return x;
}

/** Calls `visit` with every time (ms) the line carries; `shift` rewrites them moved on by `dMs`. */
function timesOf(line: string, visit: (ms: number) => void): void {
  shiftLine(line, 0, visit);
}

/**
 * The line with its times moved on by `dMs` (whole seconds, so that second-resolution times move
 * exactly); `visit`, if given, sees each original time.
 */
export function shiftLine(line: string, dMs: number, visit?: (ms: number) => void): string {
  let tag = '';
  let rest = line;
  if (line.startsWith('\\')) {
    const close = line.indexOf('\\', 1);
    if (close < 0) return line;
    const star = line.lastIndexOf('*', close);
    if (star < 0) return line;
    const body = line.slice(1, star).replace(/(^|,)c:(\d+)/, (_m, pre: string, v: string) => {
      const raw = Number(v);
      const ms = raw > 1e11 ? raw : raw * 1000;
      visit?.(ms);
      return `${pre}c:${raw > 1e11 ? raw + dMs : raw + dMs / 1000}`;
    });
    tag = `\\${body}*${hex2(xor(body, 0, body.length))}\\`;
    rest = line.slice(close + 1);
  }
  if (rest.startsWith('$PGHP,1,')) {
    const star = rest.indexOf('*');
    const f = rest.slice(0, star).split(',');
    const [y, mo, d, h, mi, s, ms] = f.slice(2, 9).map(Number) as [number, number, number, number, number, number, number];
    const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    visit?.(t);
    if (dMs !== 0) {
      const n = new Date(t + dMs);
      f.splice(2, 7, ...[n.getUTCFullYear(), n.getUTCMonth() + 1, n.getUTCDate(), n.getUTCHours(), n.getUTCMinutes(), n.getUTCSeconds(), n.getUTCMilliseconds()].map(String));
      const body = f.join(',');
      rest = `${body}*${hex2(xor(body, 1, body.length))}${rest.slice(star + 3)}`;
    }
  } else if (rest.startsWith('!')) {
    const m = /^(.*\*[0-9A-Fa-f]{2}(?:,[^,]*)*,)(\d+)$/.exec(rest);
    if (m) {
      const raw = Number(m[2]);
      const ms = raw > 1e11 ? raw : raw * 1000;
      visit?.(ms);
      if (dMs !== 0) rest = `${m[1]}${raw > 1e11 ? raw + dMs : raw + dMs / 1000}`;
    }
  }
  return tag + rest;
}

export function loadBaseFiles(dataDir: string): BaseFile[] {
  return WORKLOAD_FILES.map((name) => {
    let bytes = readFileSync(resolve(dataDir, name));
    if (name.endsWith('.gz')) bytes = gunzipSync(bytes);
    const lines = bytes.toString('latin1').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    if (lines[lines.length - 1] === '') lines.pop();
    let firstMs = Infinity;
    let lastMs = -Infinity;
    let sentences = 0;
    const timed = lines.map((l) => {
      if (isAisSentence(l)) sentences++;
      let any = false;
      timesOf(l, (ms) => {
        any = true;
        if (ms < firstMs) firstMs = ms;
        if (ms > lastMs) lastMs = ms;
      });
      return any;
    });
    const hasTimes = Number.isFinite(firstMs);
    const stepMs = hasTimes ? (Math.ceil((lastMs - firstMs) / 1000) + 1) * 1000 : 0;
    return { name, lines, sentences, firstMs: hasTimes ? firstMs : NaN, lastMs: hasTimes ? lastMs : NaN, stepMs, timed };
  });
}

export interface Workload {
  base: BaseFile[];
  copies: number;
  /** AIS sentences in the whole workload. */
  sentences: number;
  lines: number;
  /** The workload as NMEA text, LF line ends. */
  bytes: Buffer;
}

/** Copies of each file needed for at least `sentences` AIS sentences (at least one). */
export function copiesFor(base: readonly BaseFile[], sentences: number): number {
  const perCopy = base.reduce((n, f) => n + f.sentences, 0);
  return Math.max(1, Math.ceil(sentences / perCopy));
}

/** Every file `copies` times, copy k of a file moved on by k × its step, file after file. */
export function buildWorkload(base: BaseFile[], copies: number): Workload {
  const parts: Buffer[] = [];
  let lines = 0;
  for (const f of base) {
    for (let k = 0; k < copies; k++) {
      const d = k * f.stepMs;
      const text = d === 0 ? f.lines.join('\n') : f.lines.map((l, i) => (f.timed[i] ? shiftLine(l, d) : l)).join('\n');
      parts.push(Buffer.from(`${text}\n`, 'latin1'));
      lines += f.lines.length;
    }
  }
  const sentences = copies * base.reduce((n, f) => n + f.sentences, 0);
  return { base, copies, sentences, lines, bytes: Buffer.concat(parts) };
}

/** The bytes in chunks of `size`, as a file stream would hand them over. */
export function* chunksOf(bytes: Buffer, size = 1 << 16): Generator<Buffer> {
  for (let o = 0; o < bytes.length; o += size) yield bytes.subarray(o, Math.min(bytes.length, o + size));
}

/**
 * What the npm decoders can read: the bare `!xxVDM` sentence of each AIS line, its tag block and
 * anything after its checksum cut off (neither library reads tag blocks; both split the line on commas
 * and want exactly seven fields, so a trailing `,<time>` breaks them too). Other lines are left out.
 */
export function bareSentence(line: string): string | undefined {
  if (!isAisSentence(line)) return undefined;
  const from = line.startsWith('\\') ? line.indexOf('\\', 1) + 1 : 0;
  const star = line.indexOf('*', from);
  return star < 0 ? line.slice(from) : line.slice(from, star + 3);
}
