/**
 * `redline ingest` and `redline check --store` end to end, as a user runs them: the built CLI in
 * child processes, on the real recorded AIS in ../shared/data. What `check --store` must print is
 * what `check --observations` prints on the same files: the store must not change a single finding.
 * Counts printed by ingest are compared with the NMEA reader's own summary of each file, read here
 * in memory without any store. The demo scenario's GeoJSON tracks go through the store too: being
 * pretty-printed they put several fixes on one line, so rows cannot be keyed on (source, line) alone,
 * and an asset registry applied at ingest or at check must give what it gives on the files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyObservationSet } from '../src/observations/model.js';
import { readNmeaFile } from '../src/observations/nmea/reader.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { runCli } from './support/child.js';

const cli = resolve('dist/src/cli/main.js');
const shared = resolve('../shared/data');
const files = [join(shared, 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz'), join(shared, 'dma-aislib-stream_example_2010-06-11.nmea'), join(shared, 'dma-aisabnormal-538004030_drift_1.nmea')];
const nato = 'agreements/russia-nato-draft-2021-12-17.yaml';
const run = (args: string[]) => runCli(cli, args);

let dir: string;
/** `check --observations` on `files`, the findings every store-based run must reproduce. */
let fromFilesJson: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'redline-store-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('redline ingest / check --store', () => {
  it('ingests real files, says what it read, skips them the second time, and check --store gives the findings of check --observations', async () => {
    const db = join(dir, 'a.db');
    const first = await run(['ingest', ...files, '--store', db]);
    expect(first.code, first.stderr).toBe(0);
    for (const f of files) {
      const s = await readNmeaFile(f, emptyObservationSet());
      expect(first.stderr).toContain(`read ${basename(f)}: ${s.read} = accepted ${s.accepted} + quarantined ${s.quarantined}`);
    }
    const store = new SqliteStore(db);
    const counts = await store.counts();
    const digest = await store.contentDigest();
    await store.close();

    const second = await run(['ingest', ...files, '--store', db]);
    expect(second.code, second.stderr).toBe(0);
    for (const f of files) expect(second.stderr).toMatch(new RegExp(`^skip ${basename(f).replace(/\./g, '\\.')}: already ingested`, 'm'));
    const again = new SqliteStore(db);
    expect(await again.counts()).toEqual(counts);
    expect(await again.contentDigest()).toBe(digest);
    await again.close();

    const fromFiles = await run(['check', '--agreement', nato, '--observations', ...files, '--format', 'json']);
    fromFilesJson = fromFiles.stdout;
    const fromStore = await run(['check', '--agreement', nato, '--store', db, '--format', 'json']);
    expect(fromFiles.code, fromFiles.stderr).toBe(0);
    expect(fromStore.code, fromStore.stderr).toBe(0);
    const findings = (JSON.parse(fromFiles.stdout) as { findings: unknown[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(fromStore.stdout).toBe(fromFiles.stdout);

    // check --store keeps its findings under a run of its own.
    const after = new SqliteStore(db);
    const runs = await after.runs();
    expect(runs.map((r) => [r.command, r.status])).toEqual([
      ['ingest', 'done'],
      ['check', 'done'],
    ]);
    expect((await after.findings({ run: runs[1]!.id })).map((f) => f.finding)).toEqual(findings);
    await after.close();
  });

  it('adds --observations files to what is stored', async () => {
    const db = join(dir, 'b.db');
    expect((await run(['ingest', files[0]!, '--store', db, '--quiet'])).code).toBe(0);
    const both = await run(['check', '--agreement', nato, '--store', db, '--observations', ...files.slice(1), '--format', 'json']);
    expect(both.code, both.stderr).toBe(0);
    expect(fromFilesJson).toBeDefined();
    expect(both.stdout).toBe(fromFilesJson);
  });

  it('stores GeoJSON tracks (several fixes to a line), with a registry given at ingest or at check', async () => {
    const demo = ['hms-defender-2021-06-23', 'donald-cook-2016-04-12', 'donald-cook-2014-04-12-black-sea', 'mq9-2023-03-14'].map((f) => `data/demo/${f}.geojson`);
    const registry = 'data/demo/registry.yaml';
    const fromFiles = await run(['check', '--agreement', nato, '--observations', ...demo, '--registry', registry, '--format', 'json']);
    expect(fromFiles.code, fromFiles.stderr).toBe(0);
    const atIngest = join(dir, 'demo-ingest-registry.db');
    expect((await run(['ingest', ...demo, '--registry', registry, '--store', atIngest, '--quiet'])).code).toBe(0);
    const atCheck = join(dir, 'demo-check-registry.db');
    expect((await run(['ingest', ...demo, '--store', atCheck, '--quiet'])).code).toBe(0);
    const a = await run(['check', '--agreement', nato, '--store', atIngest, '--format', 'json']);
    const b = await run(['check', '--agreement', nato, '--store', atCheck, '--registry', registry, '--format', 'json']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(fromFiles.stdout).findings.length).toBeGreaterThan(0);
    expect(a.stdout).toBe(fromFiles.stdout);
    expect(b.stdout).toBe(fromFiles.stdout);
  });

  it('needs --observations or --store, and names a store that does not exist', async () => {
    const none = await run(['check', '--agreement', nato]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/check needs --observations FILE or --store PATH/);
    const missing = join(dir, 'missing.db');
    const r = await run(['check', '--agreement', nato, '--store', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${missing}: no such store`);
    const noFile = await run(['ingest', join(dir, 'nope.nmea'), '--store', join(dir, 'c.db')]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/nope\.nmea: no such file/);
    expect(noFile.stderr).not.toMatch(/^\s+at /m);
  });
});
