/**
 * `npm run bench:ingest`: Redline's NMEA AIS decoding against the npm decoders ggencoder and
 * ais-stream-decoder on the same large input built from the real files in ../shared/data, decode +
 * store throughput, and peak memory at growing input sizes. What it does and why is in bench/README.md.
 *
 *   node --expose-gc dist/bench/ingest.js [--sentences 5000000] [--data ../shared/data]
 *     [--flat-base 250000] [--skip-store] [--skip-flat]
 */

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feedLines, lineBatches } from '../src/observations/input/lines.js';
import { emptyObservationSet } from '../src/observations/model.js';
import { NmeaReader } from '../src/observations/nmea/reader.js';
import { aisStreamDecoderLeg, checkAgreement, COMMON_POSITION_TYPES, ggencoderLeg, type LegResult, redlineLeg } from './lib/decoders.js';
import { decodeFile, type FlatResult, runFlatChild, storeFile } from './lib/flat.js';
import { collect, mb, MemorySampler, yieldToLoop } from './lib/memory.js';
import { ArgReader } from './lib/args.js';
import { bareSentence, buildWorkload, chunksOf, copiesFor, isAisSentence, loadBaseFiles, type Workload } from './lib/workload.js';

interface Args {
  sentences: number;
  data: string;
  flatBase: number;
  skipStore: boolean;
  skipFlat: boolean;
  childFlat?: string;
  mode: 'decode' | 'store';
  db: string;
}

function usage(message: string): never {
  process.stderr.write(`bench:ingest: ${message}\nusage: node --expose-gc dist/bench/ingest.js [--sentences N] [--data DIR] [--flat-base N] [--skip-store] [--skip-flat]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sentences: 5_000_000, data: '../shared/data', flatBase: 250_000, skipStore: false, skipFlat: false, mode: 'decode', db: '' };
  const r = new ArgReader(argv, usage);
  for (let k = r.next(); k !== undefined; k = r.next()) {
    const value = () => r.value();
    const count = () => r.count('a whole number of sentences');
    if (k === '--sentences') a.sentences = count();
    else if (k === '--flat-base') a.flatBase = count();
    else if (k === '--data') a.data = value();
    else if (k === '--skip-store') a.skipStore = true;
    else if (k === '--skip-flat') a.skipFlat = true;
    else if (k === '--child-flat') a.childFlat = value();
    else if (k === '--mode') a.mode = value() === 'store' ? 'store' : 'decode';
    else if (k === '--db') a.db = value();
    else usage(`unknown argument ${k}`);
  }
  return a;
}

const out = (s = ''): void => {
  process.stdout.write(`${s}\n`);
};
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const rate = (r: LegResult): number => r.sentences / r.seconds;
const mps = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;

/** Splits the workload into the batches `feedLines` would hand a reader (outside any timing). */
async function batchesOf(w: Workload): Promise<string[][]> {
  const batches: string[][] = [];
  for await (const b of lineBatches((async function* () {
    yield* chunksOf(w.bytes);
  })())) batches.push(b);
  return batches;
}

/** The store is another part of issue 3's work; its compiled modules sit beside this one's when it exists. */
function storeAvailable(): boolean {
  return existsSync(fileURLToPath(new URL('../src/store/sqlite.js', import.meta.url))) && existsSync(fileURLToPath(new URL('../src/store/ingest.js', import.meta.url)));
}

function printLeg(r: LegResult): void {
  const m = r.memory;
  out(`  ${r.name.padEnd(44)} ${int(r.sentences).padStart(11)} sentences ${r.seconds.toFixed(2).padStart(7)} s  ${mps(rate(r)).padStart(10)}  (cpu ${mps(r.sentences / r.cpuSeconds)})  peak RSS ${mb(m.rss)} (+${mb(m.rss - m.rssBefore)}), heap ${mb(m.heapUsed)} (+${mb(m.heapUsed - m.heapBefore)})`);
  out(`  ${''.padEnd(44)} ${r.note}`);
}

/** SQLite's page cache bound set by the store (`PRAGMA cache_size = -65536`, KiB). */
const SQLITE_CACHE_BOUND = 65536 * 1024;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.childFlat) {
    const r: FlatResult = args.mode === 'store' ? await storeFile(args.childFlat, args.db) : await decodeFile(args.childFlat);
    out(JSON.stringify(r));
    return;
  }
  const dataDir = resolve(args.data);
  if (!existsSync(dataDir)) usage(`${dataDir}: no such folder (the real NMEA files; see bench/README.md)`);
  const gcOn = typeof (globalThis as { gc?: unknown }).gc === 'function';

  out('Redline ingest benchmark (bench/README.md)');
  out(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, one core (main thread) per leg; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; gc between legs: ${gcOn ? 'yes' : 'no (run with --expose-gc)'}`);
  out(`${new Date().toISOString()}`);
  out();

  // -- Workload ------------------------------------------------------------------------------
  const tBuild = performance.now();
  const base = loadBaseFiles(dataDir);
  const copies = copiesFor(base, args.sentences);
  const w = buildWorkload(base, copies);
  const one = buildWorkload(base, 1);
  out(`Workload: the ${base.length} real NMEA files of ${dataDir}, each repeated ${copies} times (file after file, in recording order);`);
  out('copy k of a file has every time in it moved on by k x (its span + 1 s): $PGHP time fields (checksum recomputed),');
  out('tag block c: (tag block checksum recomputed), UNIX times after the checksum; the AIS sentences are the recorded ones.');
  for (const f of base) {
    const span = Number.isNaN(f.firstMs) ? 'no times (repeated as is)' : `${new Date(f.firstMs).toISOString()} + ${(f.stepMs / 1000).toFixed(0)} s per copy`;
    out(`  ${f.name.padEnd(46)} ${int(f.sentences).padStart(7)} sentences ${int(f.lines.length).padStart(7)} lines  ${span}`);
  }
  out(`  total: ${int(w.sentences)} AIS sentences (asked for at least ${int(args.sentences)}), ${int(w.lines)} lines, ${mb(w.bytes.length)}; built in ${((performance.now() - tBuild) / 1000).toFixed(1)} s (not timed)`);

  // The copies must read as valid as the originals: N copies read as N times one copy.
  // Incomplete multi-part messages at the end of one copy meet the first lines of the next, so the
  // same lines may be quarantined as fragment-order rather than stale-fragment: those two are summed.
  const FRAGMENT_REASONS = new Set(['stale-fragment', 'fragment-order']);
  const byReasonJoined = (r: Record<string, number>): Record<string, number> => {
    const o: Record<string, number> = {};
    for (const [k, v] of Object.entries(r)) {
      const key = FRAGMENT_REASONS.has(k) ? 'stale-fragment + fragment-order' : k;
      o[key] = (o[key] ?? 0) + v;
    }
    return o;
  };
  const check = (copiesRead: number, s: ReturnType<NmeaReader['finish']>, ref: ReturnType<NmeaReader['finish']>): string[] => {
    const bad: string[] = [];
    for (const k of ['read', 'accepted', 'quarantined', 'positions', 'messages'] as const) if (s[k] !== copiesRead * ref[k]) bad.push(`${k} ${s[k]} != ${copiesRead} x ${ref[k]}`);
    const ours = byReasonJoined(s.byReason);
    for (const [k, v] of Object.entries(byReasonJoined(ref.byReason))) if (ours[k] !== copiesRead * v) bad.push(`${k} ${ours[k]} != ${copiesRead} x ${v}`);
    return bad;
  };
  const readAll = async (bytes: Buffer): Promise<ReturnType<NmeaReader['finish']> & { backwards: number }> => {
    const set = emptyObservationSet();
    let last = -Infinity;
    let backwards = 0;
    const reader = new NmeaReader(set, 'check');
    const s = await feedLines((async function* () {
      yield* chunksOf(bytes);
    })(), reader, {
      afterBatch: () => {
        const t = set.positions.time;
        for (let i = 0; i < set.positions.length; i++) {
          if (t[i]! < last - 60_000) backwards++;
          last = t[i]!;
        }
        set.positions.clear();
        set.quarantine.length = 0;
      },
    });
    return Object.assign(s, { backwards });
  };
  const refSummary = await readAll(one.bytes);
  const allSummary = await readAll(w.bytes);
  const allCheck = check(copies, allSummary, refSummary);
  out(`  check (an untimed read of it all): ${allCheck.length === 0 ? `the ${copies} copies read exactly as ${copies} x one copy (read, accepted, quarantined by reason, positions, messages; ${JSON.stringify(allSummary.byReason)})` : `MISMATCH ${allCheck.join('; ')}`};`);
  out(`  positions more than a minute earlier than the one before: ${int(refSummary.backwards)} in one copy, ${int(allSummary.backwards)} in all (${allSummary.backwards === copies * refSummary.backwards ? `= ${copies} x, so the copies follow one another in time` : 'NOT copies x: some copy steps back in time'})`);
  out(`  one copy reads as: read ${int(refSummary.read)} = accepted ${int(refSummary.accepted)} + quarantined ${int(refSummary.quarantined)} ${JSON.stringify(refSummary.byReason)}, ${int(refSummary.positions)} positions`);

  // -- Inputs for the legs (outside any timing) ----------------------------------------------
  const batches = await batchesOf(w);
  let bareCount = 0;
  const bareBatches = batches.map((b) => {
    const r: string[] = [];
    for (const l of b) {
      const s = bareSentence(l);
      if (s !== undefined) r.push(s);
    }
    bareCount += r.length;
    return r;
  });
  if (bareCount !== w.sentences) throw new Error(`bare sentences ${bareCount} != workload sentences ${w.sentences}`);

  // -- Agreement -----------------------------------------------------------------------------
  const oneLines = base.flatMap((f) => f.lines);
  const ordinalOfLine = new Int32Array(oneLines.length + 1).fill(-1);
  const oneBare: string[] = [];
  oneLines.forEach((l, i) => {
    if (isAisSentence(l)) {
      ordinalOfLine[i + 1] = oneBare.length;
      oneBare.push(bareSentence(l)!);
    }
  });
  const ag = await checkAgreement(oneLines, oneBare, ordinalOfLine);
  out();
  out(`Agreement, on one copy of the files (${int(oneBare.length)} sentences): position reports of the types all three decode (${[...COMMON_POSITION_TYPES].join(', ')}) that carry a position`);
  for (const [who, n] of Object.entries(ag.positions)) out(`  ${who.padEnd(20)} ${int(n).padStart(7)} (messages by type: ${JSON.stringify(ag.byType[who])})`);
  for (const [who, c] of Object.entries(ag.compared)) {
    out(`  redline vs ${who}: ${int(c.both)} reports from the same sentences, ${int(c.agree)} agree on type, MMSI and position (within 1e-5 deg; largest difference ${c.maxDeg.toExponential(1)} deg); ${int(c.onlyRedline)} only Redline, ${int(c.onlyOther)} only ${who}`);
  }
  out('  sample (every 2000th):');
  for (const s of ag.sample) out(`    ${s}`);
  const skipped = (who: string): string => {
    const ours = ag.byType.redline!;
    const theirs = ag.byType[who]!;
    const parts: string[] = [];
    for (const [t, n] of Object.entries(ours)) {
      const m = theirs[Number(t)] ?? 0;
      if (m < n) parts.push(`type ${t}: ${n - m} of ${n}`);
    }
    return parts.join(', ') || 'nothing';
  };
  out(`  messages Redline decodes that ggencoder does not (valid = false, or type not decoded): ${skipped('ggencoder')}`);
  out(`  messages Redline decodes that ais-stream-decoder does not emit: ${skipped('ais-stream-decoder')}`);
  out('  Redline skips nothing silently: what it does not accept is quarantined with a reason (counts below).');

  // -- Timed legs ------------------------------------------------------------------------------
  out();
  out('Decoding, lines already in memory (as lineBatches hands them over), one leg after the other:');
  const legs: LegResult[] = [];
  const leg = async (run: () => Promise<LegResult>): Promise<LegResult> => {
    collect();
    await yieldToLoop();
    const r = await run();
    printLeg(r);
    legs.push(r);
    return r;
  };
  const full = await leg(() => redlineLeg('redline (full lines: tag blocks, $PGHP)', batches, w.sentences));
  const fullCheck = check(copies, full.summary!, refSummary);
  out(`  ${''.padEnd(44)} workload check: ${fullCheck.length === 0 ? `${copies} copies read exactly as ${copies} x one copy` : `MISMATCH ${fullCheck.join('; ')}`}`);
  const bareLeg = await leg(() => redlineLeg('redline (bare sentences, as the npm decoders)', bareBatches, w.sentences, { assumeTimeMs: 0 }));
  const gg = await leg(() => ggencoderLeg(bareBatches));
  const asd = await leg(() => aisStreamDecoderLeg(bareBatches));
  out(`  common-type positions (${[...COMMON_POSITION_TYPES].join(', ')}): ggencoder ${int(gg.commonPositions)} (= ${copies} x ${int(ag.positions.ggencoder!)}: ${gg.commonPositions === copies * ag.positions.ggencoder! ? 'yes' : 'NO'}), ais-stream-decoder ${int(asd.commonPositions)} (= ${copies} x ${int(ag.positions['ais-stream-decoder']!)}: ${asd.commonPositions === copies * ag.positions['ais-stream-decoder']! ? 'yes' : 'NO'}), Redline ${copies} x ${int(ag.positions.redline!)} = ${int(copies * ag.positions.redline!)}`);

  // The same through the line splitter, bytes in: what `redline ingest` does after reading a chunk.
  const viaSplitter = await leg(async () => {
    const sampler = new MemorySampler();
    sampler.start();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const set = emptyObservationSet();
    const s = await feedLines((async function* () {
      for (const c of chunksOf(w.bytes)) {
        yield c;
        await yieldToLoop();
      }
    })(), new NmeaReader(set, 'bench'), {
      afterBatch: () => {
        set.positions.clear();
        set.quarantine.length = 0;
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { name: 'redline (bytes -> lineBatches -> decode)', sentences: w.sentences, lines: w.lines, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, memory: sampler.stop(), messages: s.messages, commonPositions: NaN, note: `read ${s.read}, positions ${s.positions}; splitting 64 KiB chunks into lines included` };
  });

  // -- Decode + store --------------------------------------------------------------------------
  const tmp = mkdtempSync(join(tmpdir(), 'redline-bench-'));
  let stored: FlatResult | undefined;
  try {
    out();
    if (args.skipStore) out('Decode + store: skipped (--skip-store).');
    else if (!storeAvailable()) out('Decode + store: SKIPPED: the SQLite store (src/store/sqlite.ts, src/store/ingest.ts) is not in this checkout yet.');
    else {
      const file = join(tmp, 'workload.nmea');
      writeFileSync(file, w.bytes);
      collect();
      stored = await storeFile(file, join(tmp, 'workload.db'));
      out(`Decode + store (ingestInputs from a file of the workload into a new SQLite store: hashing pass, file reads, decode, inserts):`);
      out(`  ${'redline ingest'.padEnd(44)} ${int(w.sentences).padStart(11)} sentences ${stored.seconds.toFixed(2).padStart(7)} s  ${mps(w.sentences / stored.seconds).padStart(10)}  peak RSS ${mb(stored.maxRss)} (process, workload in memory included), heap ${mb(stored.peakHeap)}; ${int(stored.positions)} positions stored`);
      rmSync(file, { force: true });
    }

    // -- Memory flatness -----------------------------------------------------------------------
    out();
    if (args.skipFlat) out('Memory flatness: skipped (--skip-flat).');
    else {
      const script = fileURLToPath(import.meta.url);
      const modes: ('decode' | 'store')[] = storeAvailable() && !args.skipStore ? ['decode', 'store'] : ['decode'];
      out(`Memory flatness: files of 1x, 4x and 16x ${int(args.flatBase)} sentences, each read from disk in a fresh process (peak RSS sampled every 10 ms):`);
      const rows: Record<string, FlatResult[]> = { decode: [], store: [] };
      for (const k of [1, 4, 16]) {
        const fw = buildWorkload(base, copiesFor(base, args.flatBase * k));
        const file = join(tmp, `flat-${k}.nmea`);
        writeFileSync(file, fw.bytes);
        for (const mode of modes) {
          const r = await runFlatChild(script, file, mode, join(tmp, `flat-${k}.db`));
          rows[mode]!.push(r);
          out(`  ${`${k}x`.padStart(3)} ${mode.padEnd(6)} ${int(fw.sentences).padStart(10)} sentences ${mb(fw.bytes.length).padStart(7)} file  ${r.seconds.toFixed(2).padStart(6)} s  ${mps(fw.sentences / r.seconds).padStart(10)}  peak RSS ${mb(r.maxRss).padStart(7)}  peak heap ${mb(r.peakHeap).padStart(6)}`);
        }
        rmSync(file, { force: true });
      }
      for (const mode of modes) {
        const r = rows[mode]!;
        const ratio = r[2]!.maxRss / r[0]!.maxRss;
        // The store keeps a page cache that fills up to its bound (cache_size in src/store/sqlite.ts)
        // as the database grows past it: bounded, so it is allowed on top of the 1.25 x rule.
        const allowance = mode === 'store' ? SQLITE_CACHE_BOUND : 0;
        const flat = r[2]!.maxRss <= 1.25 * r[0]!.maxRss + allowance;
        out(`  ${mode}: peak RSS at 16x is ${ratio.toFixed(2)} x that at 1x: ${flat ? 'FLAT' : 'NOT FLAT'} (flat = at most 1.25 x${allowance ? ` + the store's ${mb(allowance)} page-cache bound` : ''})`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  // -- Verdict -------------------------------------------------------------------------------
  const fastest = rate(gg) > rate(asd) ? gg : asd;
  const rFull = rate(full);
  out();
  out('Ratios (sentences/s):');
  out(`  Redline full lines / ggencoder          ${(rFull / rate(gg)).toFixed(1)} x`);
  out(`  Redline full lines / ais-stream-decoder ${(rFull / rate(asd)).toFixed(1)} x`);
  out(`  Redline bare / ggencoder                ${(rate(bareLeg) / rate(gg)).toFixed(1)} x   (same input as the npm decoders)`);
  out(`  Redline bare / ais-stream-decoder       ${(rate(bareLeg) / rate(asd)).toFixed(1)} x`);
  out(`  Redline via the line splitter           ${mps(rate(viaSplitter))}${stored ? `; decode + store ${mps(w.sentences / stored.seconds)}` : ''}`);
  // The race is judged on the same input for all: the bare sentences, the only input the npm
  // decoders can read. The 1 M/s floor is judged on the full DMA lines (tag blocks and $PGHP time
  // lines too), the harder input, where Redline also does work the others never do.
  const rBare = rate(bareLeg);
  const ok10 = rBare >= 10 * rate(fastest);
  const ok1m = rFull >= 1e6;
  out(`${ok10 && ok1m ? 'PASS' : 'FAIL'}: on the same bare sentences Redline decodes ${mps(rBare)}, ${(rBare / rate(fastest)).toFixed(1)} x the faster npm decoder (${fastest.name}, ${mps(rate(fastest))}; target >= 10 x: ${ok10 ? 'met' : 'not met'}); on the full DMA lines ${mps(rFull)} on one core (target >= 1.00 M/s: ${ok1m ? 'met' : 'not met'}; ${(rFull / rate(fastest)).toFixed(1)} x ${fastest.name}'s bare-sentence rate)`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:ingest: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
