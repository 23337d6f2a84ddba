import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { emptyObservationSet } from '../observations/model.js';
import { NmeaReader } from '../observations/nmea/reader.js';
import { isoTime } from './finding.js';

describe('isoTime', () => {
  it('writes every fix time of a real AIS day as toISOString does', () => {
    const obs = emptyObservationSet();
    const reader = new NmeaReader(obs, 'sample.nmea.gz');
    const text = gunzipSync(readFileSync(resolve('../shared/data/dma-aisabnormal-ais-sample_2013-11-12.nmea.gz'))).toString('utf8');
    text.split('\n').forEach((l, i) => reader.line(l, i + 1));
    reader.finish();
    const times = obs.positions.time.subarray(0, obs.positions.length);
    expect(times.length).toBeGreaterThan(10_000);
    let differing = 0;
    for (const t of times) if (isoTime(t) !== new Date(t).toISOString()) differing++;
    expect(differing).toBe(0);
  });

  it('agrees at day, year and range edges, with fractions and before 1970', () => {
    const edges = [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, -86_400_001, Date.parse('2016-02-29T23:59:59.999Z'), Date.parse('2022-01-10T12:00:00Z') + 0.75, -0.5, 1.5, -62167219200000, 253402300799999];
    for (const t of edges) expect(isoTime(t), String(t)).toBe(new Date(t).toISOString());
    // Outside four-digit years toISOString writes a sign and six digits; isoTime hands those to it.
    for (const t of [-62167219200001, 253402300800000, 8.64e15]) expect(isoTime(t)).toBe(new Date(t).toISOString());
    expect(() => isoTime(NaN)).toThrow(RangeError);
  });
});
