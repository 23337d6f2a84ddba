/**
 * The memory-flatness leg: one input file decoded (and, when the store is there, ingested) in a
 * process of its own, so that its peak resident memory is its own. Run by `ingest.ts --child-flat`.
 */

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { feedLines } from '../../src/observations/input/lines.js';
import { emptyObservationSet } from '../../src/observations/model.js';
import { NmeaReader } from '../../src/observations/nmea/reader.js';
import { MemorySampler } from './memory.js';

export interface FlatResult {
  mode: 'decode' | 'store';
  seconds: number;
  /**
   * Peak resident set size of the child process, sampled every 10 ms, bytes. (Not getrusage's
   * maxrss: on Linux a spawned child starts with the high-water mark of the process it forked from.)
   */
  maxRss: number;
  /** Highest V8 heap in use seen (sampled every 10 ms), bytes. */
  peakHeap: number;
  read: number;
  positions: number;
}

/** Decodes `file` as `redline ingest` reads it (file stream, lines in batches), draining the columns after each batch. */
export async function decodeFile(file: string): Promise<FlatResult> {
  const sampler = new MemorySampler();
  sampler.start();
  const t0 = performance.now();
  const set = emptyObservationSet();
  let positions = 0;
  const s = await feedLines(createReadStream(file, { highWaterMark: 1 << 16 }), new NmeaReader(set, 'flat'), {
    afterBatch: () => {
      positions += set.positions.length;
      set.positions.clear();
      set.quarantine.length = 0;
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const m = sampler.stop();
  return { mode: 'decode', seconds, maxRss: m.rss, peakHeap: m.heapUsed, read: s.read, positions: positions + set.positions.length };
}

/** Ingests `file` into a new SQLite store at `db` with `ingestInputs`, as `redline ingest FILE --store db` does. */
export async function storeFile(file: string, db: string): Promise<FlatResult> {
  const { openSqliteStore } = await import('../../src/store/sqlite.js');
  const { ingestInputs } = await import('../../src/store/ingest.js');
  const sampler = new MemorySampler();
  sampler.start();
  const t0 = performance.now();
  const store = openSqliteStore(db);
  try {
    const r = await ingestInputs(store, [file]);
    const seconds = (performance.now() - t0) / 1000;
    const m = sampler.stop();
    const summary = r.entries[0]?.summary;
    const counts = await store.counts();
    return { mode: 'store', seconds, maxRss: m.rss, peakHeap: m.heapUsed, read: summary?.read ?? 0, positions: counts.positions ?? 0 };
  } finally {
    await store.close();
  }
}

/** Runs this benchmark's script again as a child for one file and mode; resolves with its result. */
export function runFlatChild(script: string, file: string, mode: 'decode' | 'store', db: string): Promise<FlatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, '--child-flat', file, '--mode', mode, '--db', db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`flatness child (${mode} ${file}) exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as FlatResult);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}
