/**
 * The contract every Store implementation passes (SQLite now, PostgreSQL in server mode): call
 * `storeContract(name, open)` from the implementation's test file. Written against the interface
 * only. Expected values are either typed in here (a hand-made set whose every figure is chosen, with
 * the awkward ones: NaN speed, a fractional millisecond, a Float32 speed) or produced by the NMEA
 * reader on the real files in ../shared/data, independently of any store, and compared after a
 * round trip through it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyObservationSet, type Asset, type ObservationSet, type ReadSummary } from '../observations/model.js';
import { readNmeaFile } from '../observations/nmea/reader.js';
import type { Finding } from '../verify/finding.js';
import type { IngestBatch, Store, StoredSource } from './store.js';

const DATA = resolve('../shared/data');

export type OpenStore = (dir: string) => Promise<Store>;

function summaryOf(set: ObservationSet, source: string): ReadSummary {
  return { source, read: set.positions.length + set.quarantine.length, accepted: set.positions.length, quarantined: set.quarantine.length, byReason: {}, ignored: 0, positions: set.positions.length };
}

/** Every row of `set` as one batch of `source`, done. */
function wholeBatch(source: StoredSource, set: ObservationSet, summary: ReadSummary = summaryOf(set, source.name)): IngestBatch {
  return { source: source.id, registry: set.assets, assets: set.assets.all(), positions: set.positions, fromRow: 0, positionSeq: 0, quarantine: set.quarantine, fromQuarantine: 0, quarantineSeq: 0, done: summary };
}

/** A small set whose every value is typed in here. */
function handMade(): ObservationSet {
  const set = emptyObservationSet();
  const src = set.positions.sourceId('hand.nmea');
  const a = set.assets.intern('mmsi:273345000');
  set.assets.update('mmsi:273345000', { mmsi: 273345000, flag: 'RUS', name: 'SMETLIVY', aisShipType: 35, attributedBy: 'ais' });
  const b = set.assets.intern('mmsi:219000001');
  set.assets.update('mmsi:219000001', { mmsi: 219000001, flag: 'DNK', attributedBy: 'ais' });
  const t0 = Date.UTC(2021, 5, 23, 9, 0, 0);
  set.positions.push(a, t0, 33.5, 44.4, 12.5, 270, src, 1);
  set.positions.push(b, t0 + 0.5, 12.1, 55.7, NaN, NaN, src, 2);
  set.positions.push(a, t0 + 60_000, 33.48, 44.41, 0.1, 269.9, src, 4);
  set.positions.push(b, t0 + 120_000, -0.000001, -89.999999, 102.2, 0, src, 4);
  set.quarantine.push({ source: 'hand.nmea', line: 3, code: 'bad-checksum', reason: 'checksum 1A does not match 2B', raw: '!AIVDM,1,1,,A,bad*1A' });
  return set;
}

function finding(over: Partial<Finding>): Finding {
  return {
    id: 'a/c/RUS/1',
    agreement: 'a',
    commitment: 'c',
    kind: 'keep-out',
    article: 'Article 4',
    verdict: 'compliant',
    obligor: ['NATO'],
    beneficiary: ['RUS'],
    period: { from: '2021-06-23T09:00:00.000Z', to: '2021-06-23T10:00:00.000Z' },
    view: 'RUS',
    interpretation: 'as-written',
    assets: ['mmsi:273345000'],
    measures: [{ name: 'distance', value: 12.25, limit: 10, unit: 'km', bound: 'min' }],
    evidence: ['hand.nmea:1'],
    evidenceCount: 1,
    points: [],
    explanation: 'x',
    trace: [],
    ...over,
  };
}

function expectSameColumns(got: ObservationSet, want: ObservationSet): void {
  const g = got.positions;
  const w = want.positions;
  expect(g.length).toBe(w.length);
  for (let i = 0; i < w.length; i++) {
    expect(got.assets.at(g.asset[i]!).id).toBe(want.assets.at(w.asset[i]!).id);
    expect(g.observationId(i)).toBe(w.observationId(i));
    expect([g.time[i], g.lon[i], g.lat[i], g.speed[i], g.course[i]]).toEqual([w.time[i], w.lon[i], w.lat[i], w.speed[i], w.course[i]]);
  }
}

export function storeContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    let dir: string;
    let store: Store;
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'redline-store-'));
      store = await open(dir);
    });
    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('starts empty at the current schema version', async () => {
      expect(await store.schemaVersion()).toBeGreaterThan(0);
      expect(Object.values(await store.counts()).every((n) => n === 0)).toBe(true);
      expect((await store.readObservations()).positions.length).toBe(0);
    });

    it('round-trips positions, assets, quarantine and the summary of a hand-made set', async () => {
      const set = handMade();
      const src = await store.beginSource({ digest: 'd1', name: 'hand.nmea', size: 100, format: 'nmea' });
      expect(src.status).toBe('ingesting');
      await store.writeBatch(wholeBatch(src, set));
      const back = await store.readObservations({ quarantine: true });
      expectSameColumns(back, set);
      expect(back.assets.get('mmsi:273345000')).toEqual({ id: 'mmsi:273345000', mmsi: 273345000, flag: 'RUS', name: 'SMETLIVY', aisShipType: 35, attributedBy: 'ais' });
      expect(back.quarantine).toEqual(set.quarantine);
      expect(back.summaries).toEqual([summaryOf(set, 'hand.nmea')]);
      const stored = (await store.sources())[0]!;
      expect(stored).toMatchObject({ digest: 'd1', name: 'hand.nmea', size: 100, format: 'nmea', status: 'done', positionsWritten: 4, quarantineWritten: 1 });
      expect(await store.counts()).toEqual({ sources: 1, assets: 2, positions: 4, quarantine: 1, findings: 0, runs: 0 });
    });

    it('round-trips a real NMEA file exactly as its reader produced it', async () => {
      const set = emptyObservationSet();
      const summary = await readNmeaFile(join(DATA, 'dma-aislib-stream_example_2010-06-11.nmea'), set);
      const src = await store.beginSource({ digest: 'real', name: summary.source, size: 1, format: 'nmea' });
      await store.writeBatch(wholeBatch(src, set, summary));
      const back = await store.readObservations();
      expectSameColumns(back, set);
      expect(back.assets.all()).toEqual(set.assets.all());
      expect(back.summaries).toEqual([summary]);
    });

    it('never reads a source that is not done, and marks it done only with its last batch', async () => {
      const set = handMade();
      const src = await store.beginSource({ digest: 'd1', name: 'hand.nmea', size: 100, format: 'nmea' });
      const { done: _done, ...partial } = wholeBatch(src, set);
      await store.writeBatch(partial);
      expect((await store.readObservations()).positions.length).toBe(0);
      expect(await store.findSource('d1')).toMatchObject({ status: 'ingesting', positionsWritten: 4, quarantineWritten: 1 });
      // beginSource again (a resumed ingest) hands back the same row.
      expect((await store.beginSource({ digest: 'd1', name: 'hand.nmea', size: 100, format: 'nmea' })).id).toBe(src.id);
      await store.writeBatch(wholeBatch(src, set));
      expect((await store.readObservations()).positions.length).toBe(4);
    });

    it('adds nothing when a batch is written twice (rows are unique on source and seq)', async () => {
      const set = handMade();
      const src = await store.beginSource({ digest: 'd1', name: 'hand.nmea', size: 100, format: 'nmea' });
      const { done: _done, ...partial } = wholeBatch(src, set);
      await store.writeBatch(partial);
      const digest = await store.contentDigest();
      await store.writeBatch(partial);
      expect(await store.contentDigest()).toBe(digest);
      expect((await store.counts()).positions).toBe(4);
    });

    it('refuses to mark a source done when its rows do not reconcile with the summary', async () => {
      const set = handMade();
      const src = await store.beginSource({ digest: 'd1', name: 'hand.nmea', size: 100, format: 'nmea' });
      await expect(store.writeBatch(wholeBatch(src, set, { ...summaryOf(set, 'hand.nmea'), positions: 5 }))).rejects.toThrow(/holds 4 positions .* produced 5/);
      // The whole transaction rolled back.
      expect(await store.findSource('d1')).toMatchObject({ status: 'ingesting', positionsWritten: 0 });
      expect((await store.counts()).positions).toBe(0);
    });

    it('reads a time window (bounds inclusive) and a list of assets', async () => {
      const set = handMade();
      const src = await store.beginSource({ digest: 'd1', name: 'hand.nmea', size: 100, format: 'nmea' });
      await store.writeBatch(wholeBatch(src, set));
      const t0 = Date.UTC(2021, 5, 23, 9, 0, 0);
      const ids = (s: ObservationSet) => Array.from({ length: s.positions.length }, (_, i) => s.positions.observationId(i));
      expect(ids(await store.readObservations({ from: t0 + 0.5, to: t0 + 60_000 }))).toEqual(['hand.nmea:2', 'hand.nmea:4']);
      expect(ids(await store.readObservations({ from: t0 + 1 }))).toEqual(['hand.nmea:4', 'hand.nmea:4']);
      expect(ids(await store.readObservations({ to: t0 }))).toEqual(['hand.nmea:1']);
      const onlyA = await store.readObservations({ assets: ['mmsi:273345000'] });
      expect(ids(onlyA)).toEqual(['hand.nmea:1', 'hand.nmea:4']);
      // Every asset is still there to attribute, in the order first stored.
      expect(onlyA.assets.all().map((a) => a.id)).toEqual(['mmsi:273345000', 'mmsi:219000001']);
      expect((await store.readObservations({ assets: [] })).positions.length).toBe(0);
    });

    it('keeps a registry attribution against later AIS identities, and takes AIS updates otherwise', async () => {
      const ais: Asset = { id: 'mmsi:273345000', mmsi: 273345000, name: 'OLD', attributedBy: 'ais' };
      await store.putAssets([ais]);
      await store.putAssets([{ ...ais, name: 'NEW', callsign: 'UBCD' }]);
      expect(await store.assets()).toEqual([{ ...ais, name: 'NEW', callsign: 'UBCD' }]);
      await store.putAssets([{ id: 'mmsi:273345000', party: 'RUS', class: 'surface-warship', weaponRangeKm: 1500, weaponRangeSource: 'cited', attributedBy: 'registry:r.yaml' }]);
      await store.putAssets([{ ...ais, name: 'LATER' }]);
      expect(await store.assets()).toEqual([{ id: 'mmsi:273345000', mmsi: 273345000, name: 'NEW', callsign: 'UBCD', party: 'RUS', class: 'surface-warship', weaponRangeKm: 1500, weaponRangeSource: 'cited', attributedBy: 'registry:r.yaml' }]);
    });

    it('stores findings per run in the order given and filters them', async () => {
      const run = await store.beginRun('check', ['--agreement', 'a.yaml']);
      const fs = [
        finding({ id: 'a/c/RUS/1', verdict: 'breach' }),
        finding({ id: 'a/c/RUS/2', period: { from: '2021-06-24T00:00:00.000Z', to: null } }),
        finding({ id: 'a/c/UKR/1', view: 'UKR' }),
      ];
      await store.putFindings(run, fs);
      await store.finishRun(run, 'done', { findings: 3 });
      expect((await store.findings()).map((f) => f.finding)).toEqual(fs);
      expect((await store.findings({ run, verdict: 'breach' })).map((f) => f.finding.id)).toEqual(['a/c/RUS/1']);
      expect((await store.findings({ view: 'UKR' })).map((f) => f.finding.id)).toEqual(['a/c/UKR/1']);
      expect((await store.findings({ from: '2021-06-25T00:00:00.000Z' })).map((f) => f.finding.id)).toEqual(['a/c/RUS/2']);
      expect((await store.findings({ to: '2021-06-23T09:30:00.000Z' })).map((f) => f.finding.id)).toEqual(['a/c/RUS/1', 'a/c/UKR/1']);
      expect((await store.findings({ run: run + 1 })).length).toBe(0);
      const [r] = await store.runs();
      expect(r).toMatchObject({ id: run, command: 'check', args: ['--agreement', 'a.yaml'], status: 'done', counts: { findings: 3 } });
      expect(r!.finishedAt).not.toBeNull();
    });

    it('has a content digest that follows the content, with or without times', async () => {
      const empty = await store.contentDigest();
      const set = handMade();
      const src = await store.beginSource({ digest: 'd1', name: 'hand.nmea', size: 100, format: 'nmea' });
      await store.writeBatch(wholeBatch(src, set));
      const full = await store.contentDigest();
      expect(full).not.toBe(empty);
      expect(await store.contentDigest()).toBe(full);
      expect(await store.contentDigest(['positions'])).not.toBe(full);
      expect(await store.contentDigest([], { withoutTimes: true })).not.toBe(full);
    });
  });
}
