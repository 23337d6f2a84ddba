/**
 * Ingest into the SQLite store on the real NMEA files in ../shared/data. What a store must hold is
 * worked out without it: the same files read into memory by `readNmeaFile` (the reader alone) give
 * the expected columns, assets and counts. Small batches (`batchRows`) make many transactions out of
 * these small files, so interruption and resumption are exercised mid-file.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyObservationSet, type ObservationSet } from '../observations/model.js';
import { readNmeaFile, type NmeaReadSummary } from '../observations/nmea/reader.js';
import { loadCatalogue } from '../observations/registry/catalogue.js';
import { runChild } from '../../test/support/child.js';
import { ingestInputs } from './ingest.js';
import { SqliteStore } from './sqlite.js';

const DATA = resolve('../shared/data');
const GZ = join(DATA, 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz');
const FILES = [GZ, join(DATA, 'dma-aislib-stream_example_2010-06-11.nmea'), join(DATA, 'dma-aisabnormal-538004030_drift_1.nmea'), join(DATA, 'pyais-nmea_data_sample.nmea'), join(DATA, 'dma-aislib-replay_dump_2013-03-18.nmea')];

let dir: string;
let n = 0;
const newStore = () => new SqliteStore(join(dir, `s${++n}.db`));

async function readInMemory(files: string[]): Promise<{ set: ObservationSet; summaries: NmeaReadSummary[] }> {
  const set = emptyObservationSet();
  const summaries: NmeaReadSummary[] = [];
  for (const f of files) summaries.push(await readNmeaFile(f, set));
  return { set, summaries };
}

function ids(set: ObservationSet): string[] {
  return Array.from({ length: set.positions.length }, (_, i) => `${set.positions.observationId(i)} ${set.assets.at(set.positions.asset[i]!).id} ${set.positions.time[i]} ${set.positions.lon[i]} ${set.positions.lat[i]} ${set.positions.speed[i]} ${set.positions.course[i]}`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'redline-ingest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingestInputs', () => {
  it('stores exactly what the readers produce, with counts that reconcile per source', async () => {
    const want = await readInMemory(FILES);
    const store = newStore();
    const r = await ingestInputs(store, FILES, { batchRows: 1000 });
    expect(r.interrupted).toBe(false);
    expect(r.entries.map((e) => e.status)).toEqual(FILES.map(() => 'ingested'));
    const sources = await store.sources();
    expect(sources.map((s) => s.name)).toEqual(FILES.map((f) => basename(f)));
    for (const [i, s] of sources.entries()) {
      const w = want.summaries[i]!;
      expect(s.status).toBe('done');
      expect(s.summary).toEqual(w);
      expect(w.read).toBe(w.accepted + w.quarantined);
      expect([s.positionsWritten, s.quarantineWritten]).toEqual([w.positions, w.quarantined]);
    }
    const back = await store.readObservations({ quarantine: true });
    expect(ids(back)).toEqual(ids(want.set));
    expect(back.assets.all()).toEqual(want.set.assets.all());
    expect(back.quarantine).toEqual(want.set.quarantine);
    // The digest is of the decompressed bytes: the gzip file's is that of its content.
    expect(sources[0]!.digest).toBe((await import('node:crypto')).createHash('sha256').update(gunzipSync(readFileSync(GZ))).digest('hex'));
    await store.close();
  });

  it('stores nothing new when the same files are ingested again (row counts and the digest of every table)', async () => {
    const store = newStore();
    await ingestInputs(store, FILES, { batchRows: 1000 });
    const counts = await store.counts();
    const digest = await store.contentDigest();
    const again = await ingestInputs(store, [...FILES].reverse(), { batchRows: 1000 });
    expect(again.entries.map((e) => e.status)).toEqual(FILES.map(() => 'skipped'));
    expect(await store.counts()).toEqual(counts);
    expect(await store.contentDigest()).toBe(digest);
    await store.close();
  });

  it('after an ingest aborted mid-file, a rerun gives the same store as one clean ingest', async () => {
    const clean = newStore();
    await ingestInputs(clean, FILES, { batchRows: 2000 });
    const cleanDigest = await clean.contentDigest([], { withoutTimes: true });
    const total = (await clean.findSource((await clean.sources())[0]!.digest))!.positionsWritten;
    await clean.close();

    const store = newStore();
    const controller = new AbortController();
    const cut = await ingestInputs(store, FILES, {
      batchRows: 2000,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'ingest' && p.records > 9000) controller.abort();
      },
    });
    expect(cut.interrupted).toBe(true);
    expect(cut.entries.map((e) => e.status)).toEqual(['interrupted']);
    const half = (await store.sources())[0]!;
    expect(half.status).toBe('ingesting');
    expect(half.positionsWritten).toBeGreaterThan(0);
    expect(half.positionsWritten).toBeLessThan(total);
    // What an interrupted source holds is never read as if it were the whole file.
    expect((await store.readObservations()).positions.length).toBe(0);

    // Another batch size on the rerun: resuming depends on row numbers, not on where drains fell.
    const rerun = await ingestInputs(store, FILES, { batchRows: 3000 });
    expect(rerun.entries.map((e) => e.status)).toEqual(['resumed', 'ingested', 'ingested', 'ingested', 'ingested']);
    expect(await store.contentDigest([], { withoutTimes: true })).toBe(cleanDigest);
    await store.close();
  });

  it('reads stdin, knowing bytes it has stored under another name', async () => {
    const file = join(DATA, 'dma-aislib-stream_example_2010-06-11.nmea');
    const store = newStore();
    const first = await ingestInputs(store, ['-'], { stdin: createReadStream(file) });
    expect(first.entries.map((e) => [e.name, e.status])).toEqual([['stdin', 'ingested']]);
    const want = await readInMemory([file]);
    expect(first.entries[0]!.summary).toEqual({ ...want.summaries[0], source: 'stdin' });
    const again = await ingestInputs(store, [file]);
    expect(again.entries.map((e) => e.status)).toEqual(['skipped']);
    await store.close();
  });

  it('ingests each file of a zip as a source of its own', async () => {
    const zdir = join(dir, 'zip');
    const src = join(zdir, 'in');
    await runChild('mkdir', ['-p', src]);
    for (const f of FILES.slice(1, 3)) writeFileSync(join(src, basename(f)), readFileSync(f));
    const zip = join(zdir, 'two.zip');
    // Info-ZIP's `zip`, independent of the code under test.
    const z = await runChild('zip', ['-q', '-j', '-X', zip, ...FILES.slice(1, 3).map((f) => join(src, basename(f)))]);
    expect(z.code, z.stderr).toBe(0);
    const store = newStore();
    await ingestInputs(store, [FILES[1]!]);
    const r = await ingestInputs(store, [zip]);
    expect(r.entries.map((e) => [e.name, e.status])).toEqual([
      [`two.zip/${basename(FILES[1]!)}`, 'skipped'],
      [`two.zip/${basename(FILES[2]!)}`, 'ingested'],
    ]);
    const want = await readInMemory([FILES[2]!]);
    expect(r.entries[1]!.summary).toEqual({ ...want.summaries[0], source: `two.zip/${basename(FILES[2]!)}` });
    await store.close();
  });

  it('applies registry files to the stored assets after the inputs, and checks them before', async () => {
    const catalogue = loadCatalogue('data/assets/catalogue.yaml');
    const want = await readInMemory([GZ]);
    const first = want.set.assets.at(0);
    const registry = join(dir, 'registry.yaml');
    writeFileSync(registry, `- mmsi: ${first.mmsi}\n  party: DNK\n  class: military-vessel\n`);
    const store = newStore();
    await ingestInputs(store, [GZ], { registry: [registry], catalogue });
    const stored = (await store.assets()).find((a) => a.id === first.id)!;
    expect(stored).toMatchObject({ party: 'DNK', class: 'military-vessel', attributedBy: 'registry:registry.yaml' });

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `- mmsi: 1234567890\n`);
    const empty = newStore();
    await expect(ingestInputs(empty, [GZ], { registry: [bad], catalogue })).rejects.toThrow(/bad\.yaml:1:/);
    expect((await empty.counts()).sources).toBe(0);
    await store.close();
    await empty.close();
  });
});
