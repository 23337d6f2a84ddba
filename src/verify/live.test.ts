/**
 * The live evaluator on the real DMA AIS (all four files, in date order) with the watch test
 * scenario (test/fixtures/watch-baltic-*.yaml): skipping evaluations that cannot change anything
 * prints the same changes as evaluating at every tick, and the last evaluation is check() itself.
 * The reference for both is the engine's batch check() and an evaluator forced at every tick, not
 * figures this test wrote down.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGeo } from '../geo/index.js';
import { applyRegistryFile, attributeAssets } from '../observations/load.js';
import { emptyObservationSet, type ObservationSet } from '../observations/model.js';
import { NmeaReader } from '../observations/nmea/reader.js';
import { loadCatalogue } from '../observations/registry/catalogue.js';
import { check, loadAgreement } from './engine.js';
import { LiveEvaluator, type LiveEvent } from './live.js';

const shared = resolve('../shared/data');
const files = ['dma-aislib-stream_example_2010-06-11.nmea', 'dma-aislib-replay_dump_2013-03-18.nmea', 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz', 'dma-aisabnormal-538004030_drift_1.nmea'];

const agreements = [loadAgreement('test/fixtures/watch-baltic-agreement.yaml')];
const catalogue = loadCatalogue('data/assets/catalogue.yaml');
const attribute = (set: ObservationSet) => {
  for (const r of ['data/demo/registry.yaml', 'test/fixtures/watch-baltic-registry.yaml']) applyRegistryFile(r, set, catalogue);
  attributeAssets(set, catalogue);
};

const summary = (e: LiveEvent) => JSON.stringify([e.event, e.liveId, e.finding.verdict, e.finding.assets, e.finding.measures]);

describe('LiveEvaluator', () => {
  let skipping: string[];
  let everyTick: string[];
  let lastLive: string;
  let batch: string;
  let skipped = 0;
  let firstStandoffOf273358930: LiveEvent | undefined;

  beforeAll(() => {
    const text = files.map((f) => (f.endsWith('.gz') ? gunzipSync(readFileSync(resolve(shared, f))) : readFileSync(resolve(shared, f))).toString('latin1')).join('');
    const lines = text.split('\n');
    const geo = createGeo();
    const a = new LiveEvaluator(agreements, geo, { attribute });
    const b = new LiveEvaluator(agreements, geo, { attribute });
    const obs = emptyObservationSet();
    const reader = new NmeaReader(obs, 'feed.nmea');
    skipping = [];
    everyTick = [];
    let last = 0;
    const tick = (final: boolean) => {
      const ra = a.evaluate(obs, final);
      for (const e of ra.events) {
        skipping.push(summary(e));
        if (!firstStandoffOf273358930 && e.finding.commitment === 'standoff-germany' && e.finding.assets.includes('mmsi:273358930')) firstStandoffOf273358930 = e;
      }
      everyTick.push(...b.evaluate(obs, true).events.map(summary));
      if (final) lastLive = JSON.stringify(ra.findings);
    };
    for (let i = 0; i < lines.length; i++) {
      if (i === lines.length - 1 && lines[i] === '') break;
      reader.line(lines[i]!, i + 1);
      if (obs.positions.length - last >= 1000) {
        last = obs.positions.length;
        tick(false);
      }
    }
    reader.finish();
    tick(true);
    skipped = a.skipped;
    // The batch run: the same lines read at once, attributed as `check` does, then check().
    const all = emptyObservationSet();
    const r = new NmeaReader(all, 'feed.nmea');
    lines.forEach((l, i) => (i === lines.length - 1 && l === '' ? undefined : r.line(l, i + 1)));
    r.finish();
    attribute(all);
    batch = JSON.stringify(check(agreements, all, createGeo()));
  }, 60_000);

  it('ends with exactly the batch findings', () => {
    expect(lastLive).toBe(batch);
    expect(batch).toMatch(/"verdict":"breach"/);
  });

  it('skips evaluations that cannot change anything and still prints the same changes', () => {
    expect(skipped).toBeGreaterThan(0);
    expect(skipping).toEqual(everyTick);
    expect(skipping.length).toBeGreaterThan(10);
  });

  it('attributes an asset first seen mid-stream before judging it', () => {
    // MMSI 273358930 first appears in the 2013-11-12 file, after 2010 and March 2013 data; its
    // registry range (300 km, test fixture) is the limit of its very first standoff finding.
    expect(firstStandoffOf273358930?.event).toBe('new');
    expect(firstStandoffOf273358930?.finding.measures[0]?.limit).toBe(300_000);
  });
});
