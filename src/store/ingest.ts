/**
 * Ingest: inputs of any size into a Store in flat memory, idempotently.
 *
 * Each input entry (a file, each file of a zip, stdin) is read twice. The first pass only hashes the
 * decompressed bytes: the SHA-256 is the source's identity, so an entry already stored as done is
 * skipped before any decoding, and the rows of an entry are keyed on (its source, their seq) from
 * the first row on. (Hashing costs a fraction of decoding; stdin, which cannot be read twice, is
 * spooled to a temporary file during the first pass.) The second pass decodes, and after every batch
 * of lines drains the observation set into the store once it holds enough rows, one transaction per
 * drain. The transaction that writes the last rows also marks the source done with its summary, so
 * an ingest stopped anywhere (abort, crash, kill) leaves the source `ingesting`; the next ingest of
 * the same bytes resumes it: it decodes from the start (the readers' state depends on every earlier
 * line) and writes only the rows past what was already stored.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openInput, type OpenedInput } from '../observations/input/open.js';
import { isSocketSpec } from '../observations/input/socket.js';
import { applyRegistryFile, InputError, readObservationStream, sniffFormat, SNIFF_BYTES, type ObservationFormat } from '../observations/load.js';
import { AssetRegistry, emptyObservationSet, type ReadSummary } from '../observations/model.js';
import type { Catalogue } from '../observations/registry/catalogue.js';
import type { Store, StoredSource } from './store.js';

/** Rows held in memory before a drain: large transactions, and still only a few MB of columns. */
export const FLUSH_ROWS = 1 << 16;
const FLUSH_QUARANTINE = 1 << 13;

export interface IngestProgress {
  spec: string;
  /** `digest`: the first pass (hashing); `ingest`: the second (decoding and storing). */
  phase: 'digest' | 'ingest';
  bytesRead: number;
  totalBytes: number | undefined;
  /** Records stored so far in this input (positions + quarantined). */
  records: number;
}

export interface EntryOutcome {
  spec: string;
  name: string;
  digest: string;
  /** `skipped`: the same bytes were already stored; `resumed`: an interrupted ingest was completed. */
  status: 'ingested' | 'resumed' | 'skipped' | 'interrupted';
  source: StoredSource;
  /** This run's read of it (absent when skipped: the stored source has the summary). */
  summary?: ReadSummary;
}

export interface IngestOptions {
  /** Registry files applied to the stored assets after the inputs, as `check --registry` does after reading. */
  registry?: string[];
  catalogue?: Catalogue;
  onProgress?: (p: IngestProgress) => void;
  /** Called as each entry is done (or skipped), for per-input messages. */
  onEntry?: (e: EntryOutcome) => void;
  /** Stops at the next batch: what was stored stays, the source stays `ingesting` for a later resume. */
  signal?: AbortSignal;
  stdin?: NodeJS.ReadableStream;
  /** Rows held before a drain into the store (default FLUSH_ROWS); small in tests, to make many transactions of a small file. */
  batchRows?: number;
  /** Which entries of an input to ingest, by name (a month's zip of which one day is wanted); all by default. */
  entries?: (name: string) => boolean;
}

export interface IngestResult {
  entries: EntryOutcome[];
  interrupted: boolean;
}

interface HashedEntry {
  name: string;
  digest: string;
  size: number;
  /** Told by the name and first bytes during the hashing pass, so an unreadable input fails before anything is stored. */
  format: ObservationFormat;
}

export async function ingestInputs(store: Store, specs: string[], options: IngestOptions = {}): Promise<IngestResult> {
  const entries: EntryOutcome[] = [];
  const signal = options.signal;
  // A registry applies all or nothing; a bad one is better found before an hour of ingest than after.
  if (options.registry?.length) await applyRegistries(undefined, options.registry, options.catalogue);
  for (const spec of specs) {
    if (signal?.aborted) break;
    if (isSocketSpec(spec)) throw new InputError(`${spec}: a feed has no end to ingest up to; use \`redline watch\` for live feeds, or record it to a file first`);
    const outcomes = spec === '-' ? await ingestSpooled(store, spec, options) : await ingestFile(store, spec, options);
    entries.push(...outcomes);
  }
  const interrupted = signal?.aborted === true || entries.some((e) => e.status === 'interrupted');
  if (!interrupted && options.registry?.length) await applyRegistries(store, options.registry, options.catalogue);
  return { entries, interrupted };
}

async function ingestFile(store: Store, spec: string, options: IngestOptions): Promise<EntryOutcome[]> {
  const hashed = await withInput(spec, options, (input) => hashEntries(input, spec, options));
  const known = await Promise.all(hashed.map((h) => store.findSource(h.digest)));
  const outcomes: EntryOutcome[] = [];
  if (known.every((s) => s?.status === 'done') || options.signal?.aborted) {
    for (let i = 0; i < hashed.length && !options.signal?.aborted; i++) outcomes.push(report(options, { spec, name: hashed[i]!.name, digest: hashed[i]!.digest, status: 'skipped', source: known[i]! }));
    return outcomes;
  }
  await withInput(spec, options, async (input) => {
    let i = 0;
    const seen = new Set<string>();
    for await (const entry of input.entries()) {
      if (options.entries && !options.entries(entry.name)) continue;
      const h = hashed[i++];
      // The bytes changed between the passes (a file still being written): the digest would lie.
      if (!h || h.name !== entry.name) throw new InputError(`${spec}: changed while being ingested`);
      const stored = seen.has(h.digest) ? await store.findSource(h.digest) : known[i - 1];
      seen.add(h.digest);
      if (stored?.status === 'done') {
        outcomes.push(report(options, { spec, name: h.name, digest: h.digest, status: 'skipped', source: stored }));
        continue;
      }
      const onProgress = options.onProgress;
      const progress = onProgress ? (records: number) => onProgress({ spec, phase: 'ingest', bytesRead: input.bytesRead(), totalBytes: input.totalBytes, records }) : undefined;
      const outcome = await ingestEntry(store, spec, h, entry.chunks, options, progress);
      outcomes.push(report(options, outcome));
      if (outcome.status === 'interrupted') break;
    }
  });
  return outcomes;
}

/** stdin: hashed while it is copied to a temporary file, then decoded from there. */
async function ingestSpooled(store: Store, spec: string, options: IngestOptions): Promise<EntryOutcome[]> {
  const dir = mkdtempSync(join(tmpdir(), 'redline-spool-'));
  try {
    const spool = join(dir, 'entry');
    const hashed = await withInput(spec, options, (input) => hashEntries(input, spec, options, () => createWriteStream(spool)));
    const h = hashed[0];
    if (!h || options.signal?.aborted) return [];
    const stored = await store.findSource(h.digest);
    if (stored?.status === 'done') return [report(options, { spec, name: h.name, digest: h.digest, status: 'skipped', source: stored })];
    let read = 0;
    const counted = async function* () {
      for await (const b of createReadStream(spool)) {
        read += (b as Buffer).length;
        yield b as Buffer;
      }
    };
    const onProgress = options.onProgress;
    const progress = onProgress ? (records: number) => onProgress({ spec, phase: 'ingest', bytesRead: read, totalBytes: h.size, records }) : undefined;
    return [report(options, await ingestEntry(store, spec, h, counted(), options, progress))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(options: IngestOptions, e: EntryOutcome): EntryOutcome {
  options.onEntry?.(e);
  return e;
}

async function withInput<T>(spec: string, options: IngestOptions, use: (input: OpenedInput) => Promise<T>): Promise<T> {
  const input = await openInput(spec, { ...(options.signal ? { signal: options.signal } : {}), ...(options.stdin ? { stdin: options.stdin } : {}) });
  try {
    return await use(input);
  } finally {
    await input.close();
  }
}

async function hashEntries(input: OpenedInput, spec: string, options: IngestOptions, spoolTo?: () => WriteStream): Promise<HashedEntry[]> {
  const out: HashedEntry[] = [];
  for await (const entry of input.entries()) {
    if (options.entries && !options.entries(entry.name)) continue;
    const h = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    const spool = spoolTo?.();
    let last = 0;
    for await (const b of entry.chunks) {
      h.update(b);
      size += b.length;
      if (headBytes < SNIFF_BYTES) {
        head.push(b.subarray(0, SNIFF_BYTES - headBytes));
        headBytes += Math.min(b.length, SNIFF_BYTES - headBytes);
      }
      if (spool && !spool.write(b)) await once(spool, 'drain');
      if (options.onProgress && size - last > 1 << 24) {
        last = size;
        options.onProgress({ spec, phase: 'digest', bytesRead: input.bytesRead(), totalBytes: input.totalBytes, records: 0 });
      }
    }
    if (spool) {
      spool.end();
      await once(spool, 'close');
    }
    const format = sniffFormat(entry.name, Buffer.concat(head));
    // The store keeps positions only: dated facts ingested here would be counted and then lost.
    if (format === 'events') throw new InputError(`${entry.name}: dated facts (events) are not kept in the store yet; pass the file to check with --observations, beside --store`);
    out.push({ name: entry.name, digest: h.digest('hex'), size, format });
    if (spool) break;
  }
  return out;
}

async function ingestEntry(store: Store, spec: string, h: HashedEntry, chunks: AsyncIterable<Buffer>, options: IngestOptions, progress?: (records: number) => void): Promise<EntryOutcome> {
  const format = h.format;
  const source = await store.beginSource({ digest: h.digest, name: h.name, size: h.size, format });
  const resumed = source.positionsWritten > 0 || source.quarantineWritten > 0;
  const set = emptyObservationSet();
  const written = new Map<number, string>();
  // Seq numbers of the rows now at index 0 of the columns and of the quarantine list.
  let posSeq = 0;
  let qSeq = 0;

  const drain = async (done?: ReadSummary) => {
    const p = set.positions;
    const q = set.quarantine;
    const changed = [];
    const all = set.assets.all();
    for (let i = 0; i < all.length; i++) {
      const sig = JSON.stringify(all[i]);
      if (written.get(i) !== sig) {
        written.set(i, sig);
        changed.push(all[i]!);
      }
    }
    const fromRow = Math.max(0, Math.min(p.length, source.positionsWritten - posSeq));
    const fromQuarantine = Math.max(0, Math.min(q.length, source.quarantineWritten - qSeq));
    await store.writeBatch({
      source: source.id,
      registry: set.assets,
      assets: changed,
      positions: p,
      fromRow,
      positionSeq: posSeq + fromRow,
      quarantine: q,
      fromQuarantine,
      quarantineSeq: qSeq + fromQuarantine,
      ...(done ? { done } : {}),
    });
    posSeq += p.length;
    qSeq += q.length;
    p.clear();
    q.length = 0;
  };

  const rows = options.batchRows ?? FLUSH_ROWS;
  const afterBatch = async () => {
    if (set.positions.length >= rows || set.quarantine.length >= Math.min(rows, FLUSH_QUARANTINE)) await drain();
    progress?.(posSeq + qSeq + set.positions.length + set.quarantine.length);
  };

  const summary = await readObservationStream(format, chunks, set, h.name, { afterBatch, ...(options.signal ? { signal: options.signal } : {}) });
  // Stopped early: the reader finished on a cut stream (its last fragments look incomplete), so the
  // rows after the last drain are not the ones a whole read gives. They are dropped; a resume redoes them.
  if (options.signal?.aborted) return { spec, name: h.name, digest: h.digest, status: 'interrupted', source: (await store.findSource(h.digest))! };
  await drain(summary);
  return { spec, name: h.name, digest: h.digest, status: resumed ? 'resumed' : 'ingested', source: (await store.findSource(h.digest))!, summary };
}

/** Registry files over the stored assets, as `check` applies them over what it read; only changed assets are written. */
async function applyRegistries(store: Store | undefined, files: string[], catalogue: Catalogue | undefined): Promise<void> {
  const set = { ...emptyObservationSet(), assets: new AssetRegistry() };
  for (const a of store ? await store.assets() : []) set.assets.update(a.id, a);
  const before = set.assets.all().map((a) => JSON.stringify(a));
  for (const f of files) applyRegistryFile(f, set, catalogue);
  await store?.putAssets(set.assets.all().filter((a, i) => JSON.stringify(a) !== before[i]));
}
