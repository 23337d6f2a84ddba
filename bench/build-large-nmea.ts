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
import { shiftLine } from './lib/workload.js';
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

const DAY_MS = 86_400_000;

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
      // Round 0 is the recordings byte for byte (shiftLine would re-case a tag block's checksum).
      for (const l of file) parts.push(rounds === 0 ? l : shiftLine(l, rounds * DAY_MS));
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
