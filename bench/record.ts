/**
 * `npm run bench:record`: the durable record log on SQLite (synchronous=FULL, WAL), filled to N
 * entries, then proofs at that size.
 *
 * Workload: 1,000 real submissions (4-line batches of the DMA 2010 stream in ../shared/data, signed
 * by two parties) cycled until the log holds N entries; each append is checked as the offline
 * verifier would check it (Ed25519 signature verified, claims checked) before it is written, so
 * the figure is the real cost of an append, not of an INSERT. Appends go in group commits of
 * --batch entries (one fsync each); a second leg measures single appends (one fsync per entry) on
 * a fresh log, as the baseline the group commit is compared with.
 *
 *   npm run bench:record -- --entries 10000000 --batch 1000
 *
 * Prints appends/s, the ratio group/single, the database size per entry, and inclusion and
 * consistency proof generation (and verification) times at the final size, median of 1,000.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEntry } from '../src/record/entry.js';
import { formatVerifierKey, keyPairFromSeed } from '../src/record/keys.js';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../src/record/merkle.js';
import { SqliteLog } from '../src/store/log/sqlite-log.js';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000000' }, batch: { type: 'string', default: '1000' }, single: { type: 'string', default: '2000' }, dir: { type: 'string' } } });
const N = Number(values.entries);
const BATCH = Number(values.batch);
const SINGLE = Number(values.single);
const shared = resolve('../shared/data/dma-aislib-stream_example_2010-06-11.nmea');
if (!existsSync(shared)) throw new Error(`${shared} is missing: the benchmark reads the real AIS from ../shared/data`);

const seed = (label: string) => createHash('sha256').update(label).digest();
const logKey = keyPairFromSeed('redline.bench/record', seed('log'));
const parties = [keyPairFromSeed('RUS', seed('RUS')), keyPairFromSeed('USA', seed('USA'))];
const lines = readFileSync(shared, 'latin1').split('\n');
const pool: Uint8Array[] = [];
for (let k = 0; pool.length < 1000; k++) {
  const who = parties[k % 2]!;
  const start = (k * 4) % Math.max(1, lines.length - 4);
  pool.push(createEntry({ kind: 'submission', party: who.name, contentType: 'application/x-nmea', payload: lines.slice(start, start + 4).join('\n'), time: new Date(Date.UTC(2026, 0, 1) + k * 1000) }, who).bytes);
}
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'redline-bench-record-'));

function freshLog(name: string): SqliteLog {
  const log = new SqliteLog(join(dir, name), { logKey });
  for (const p of parties) log.append(createEntry({ kind: 'key', party: p.name, role: 'party', vkey: formatVerifierKey(p), contentType: 'text/plain', payload: '' }, logKey).bytes);
  return log;
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// Baseline: one fsync per entry.
const single = freshLog('single.db');
let t = performance.now();
for (let i = 0; i < SINGLE; i++) single.append(pool[i % pool.length]!);
const singleRate = SINGLE / ((performance.now() - t) / 1000);
single.close();
console.log(`single appends (one transaction and fsync each): ${fmt(SINGLE)} in ${((performance.now() - t) / 1000).toFixed(1)} s = ${fmt(singleRate)} appends/s`);

// Group commits up to N.
const log = freshLog('group.db');
t = performance.now();
let lastReport = t;
const batch: Uint8Array[] = [];
while (log.size < N) {
  batch.length = 0;
  for (let k = 0; k < BATCH && log.size + batch.length < N; k++) batch.push(pool[(log.size + k) % pool.length]!);
  log.appendMany(batch);
  const now = performance.now();
  if (process.stderr.isTTY && now - lastReport > 1000) {
    lastReport = now;
    const rate = log.size / ((now - t) / 1000);
    process.stderr.write(`\r${fmt(log.size)} / ${fmt(N)} entries, ${fmt(rate)}/s, ${((N - log.size) / rate).toFixed(0)} s left   `);
  }
}
const groupSeconds = (performance.now() - t) / 1000;
if (process.stderr.isTTY) process.stderr.write('\n');
const groupRate = (N - 2) / groupSeconds;
const dbBytes = ['group.db', 'group.db-wal'].map((f) => (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0)).reduce((a, b) => a + b, 0);
console.log(`group commits of ${BATCH}: ${fmt(N)} entries in ${groupSeconds.toFixed(1)} s = ${fmt(groupRate)} appends/s (ratio group/single ${(groupRate / singleRate).toFixed(1)}x)`);
console.log(`database: ${(dbBytes / 2 ** 20).toFixed(0)} MiB, ${(dbBytes / N).toFixed(0)} bytes per entry (entry ${pool[0]!.length} bytes + leaf and node hashes)`);

const size = log.size;
const root = log.root();
let x = 12345;
const rand = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n);
const incT: number[] = [];
const conT: number[] = [];
const verT: number[] = [];
for (let k = 0; k < 1000; k++) {
  const index = rand(size);
  let s = performance.now();
  const proof = log.inclusionProof(index, size);
  incT.push(performance.now() - s);
  s = performance.now();
  const ok = verifyInclusion({ leafHash: hashLeaf(log.entryBytes(index)), index, size, proof, root });
  verT.push(performance.now() - s);
  if (!ok.ok) throw new Error(`inclusion proof of ${index} does not verify: ${ok.message}`);
  const m = 1 + rand(size - 1);
  s = performance.now();
  const cproof = log.consistencyProof(m, size);
  conT.push(performance.now() - s);
  const cok = verifyConsistency({ size1: m, size2: size, root1: log.root(m), root2: root, proof: cproof });
  if (!cok.ok) throw new Error(`consistency proof ${m}->${size} does not verify: ${cok.message}`);
}
console.log(`at ${fmt(size)} entries: inclusion proof ${median(incT).toFixed(3)} ms, its verification ${median(verT).toFixed(3)} ms, consistency proof ${median(conT).toFixed(3)} ms (medians of 1,000; every proof verified)`);
log.close();
if (!values.dir) rmSync(dir, { recursive: true, force: true });
