/**
 * Builds a large NMEA AIS file (default 1 GiB) out of the real recordings in ../shared/data, for the
 * ingest memory measurement (and any benchmark that wants a big real-looking input).
 *
 * How: the five real NMEA files (the DMA AisAbnormal sample, the AisLib stream example and replay
 * dump, the drift log, the pyais sample) are written one after another, round after round; round k
 * has every time in it moved k days later, so each round's positions are new fixes at new times and
 * no two time-bearing lines of the output are the same. Times live in three places, and each is
 * rewritten so the line stays valid: the tag block's `c:` (UNIX seconds; the tag block checksum is
 * recomputed), the Gatehouse `$PGHP` line's date and time fields (its NMEA checksum recomputed), and
 * a UNIX time after a sentence's checksum. AIS sentences themselves are copied byte for byte (their
 * payloads carry no date), so decoding is exercised on real traffic, including the multi-part
 * messages. (The pyais lines carry no time: read alone they are quarantined as `no-time`; here they
follow a DMA log and take the time of the latest `$PGHP` line before them, the reader's rule 4.)
 * Deterministic: the same target size gives the same bytes.
 *
 * Run it through bench/make-large-nmea.ts:
 *   node dist/bench/make-large-nmea.js OUT.nmea [--bytes N]
 */
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const LARGE_NMEA_SOURCES = [
  'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz',
  'dma-aislib-stream_example_2010-06-11.nmea',
  'dma-aislib-replay_dump_2013-03-18.nmea',
  'dma-aisabnormal-538004030_drift_1.nmea',
  'pyais-nmea_data_sample.nmea',
];

const DAY_S = 86_400;

function checksum(s: string, from: number, to: number): string {
  let x = 0;
  for (let i = from; i < to; i++) x ^= s.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** A line with its times moved by `days` days (a line without a time comes back as it is). */
export function shiftLine(line: string, days: number): string {
  if (days === 0) return line;
  let out = line;
  // Tag block: \k:v,k:v*hh\ at the start of the line.
  if (out.charCodeAt(0) === 92) {
    const end = out.indexOf('\\', 1);
    const star = out.lastIndexOf('*', end);
    if (end > 0 && star > 0) {
      const body = out.slice(1, star);
      const shifted = body.replace(/(^|,)c:(\d+)/, (_m, pre: string, t: string) => `${pre}c:${Number(t) + days * (t.length >= 13 ? DAY_S * 1000 : DAY_S)}`);
      if (shifted !== body) out = `\\${shifted}*${checksum(shifted, 0, shifted.length)}${out.slice(end)}`;
    }
  }
  const start = out.charCodeAt(0) === 92 ? out.indexOf('\\', 1) + 1 : 0;
  if (out.startsWith('$PGHP,', start)) {
    const star = out.indexOf('*', start);
    const f = out.slice(start, star).split(',');
    const t = Date.UTC(+f[2]!, +f[3]! - 1, +f[4]!, +f[5]!, +f[6]!, +f[7]!, +f[8]!) + days * DAY_S * 1000;
    const d = new Date(t);
    const fields = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
    fields.forEach((v, k) => (f[2 + k] = String(v)));
    const sentence = f.join(',');
    return `${out.slice(0, start)}${sentence}*${checksum(sentence, 1, sentence.length)}${out.slice(star + 3)}`;
  }
  // A UNIX time after the sentence's checksum: `...*hh,1411920501`.
  return out.replace(/(\*[0-9A-Fa-f]{2}),(\d{10})$/, (_m, cs: string, t: string) => `${cs},${Number(t) + days * DAY_S}`);
}

export interface LargeNmeaResult {
  bytes: number;
  lines: number;
  rounds: number;
}

/** Writes rounds of the real files to `out` until it holds at least `targetBytes`. */
export async function buildLargeNmea(out: string, targetBytes = 1 << 30, dataDir = resolve('../shared/data')): Promise<LargeNmeaResult> {
  const files = LARGE_NMEA_SOURCES.map((f) => {
    const raw = readFileSync(join(dataDir, f));
    const text = (f.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  });
  const w = createWriteStream(out);
  let bytes = 0;
  let lines = 0;
  let rounds = 0;
  while (bytes < targetBytes) {
    for (const file of files) {
      const parts: string[] = [];
      for (const l of file) parts.push(shiftLine(l, rounds));
      const chunk = Buffer.from(`${parts.join('\n')}\n`, 'latin1');
      bytes += chunk.length;
      lines += file.length;
      if (!w.write(chunk)) await once(w, 'drain');
    }
    rounds++;
  }
  w.end();
  await once(w, 'close');
  return { bytes, lines, rounds };
}
