/**
 * Rough throughput of geo's hot paths: `npx vitest bench --run src/geo`. Each task runs a batch of
 * BATCH queries over random points, so points per second = hz x BATCH. No assertions; the figures go
 * in reports, not in tests.
 */
import { bench, describe } from 'vitest';
import { createGeo } from './index.js';

const BATCH = 10_000;
const geo = createGeo();
const self = (p: string) => [p];

function points(seed: number, x0: number, x1: number, y0: number, y1: number, n: number): Float64Array {
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = x0 + (x1 - x0) * r();
    out[2 * i + 1] = y0 + (y1 - y0) * r();
  }
  return out;
}

const band = points(1, -180, 180, 40, 80, BATCH);
const blackBox = points(2, 27.5, 41.5, 40.9, 47.4, BATCH);
const europe = points(3, -10, 40, 35, 70, BATCH);
const baltic = points(4, 18, 32, 53, 61, BATCH);

const rus = geo.resolve('rus', { kind: 'territory', party: 'RUS' }, 'RUS', self);
const ts = geo.resolve('ru-ts', { kind: 'territorial-sea', party: 'RUS' }, 'RUS', self);
const reach = geo.resolve('ru-500', { kind: 'reach', of: 'RUS', radiusKm: 500 }, 'RUS', self);
const belt = geo.resolve('ru-ee', { kind: 'border-belt', between: ['RUS', 'EST'], widthKm: 100 }, 'RUS', self);
const black = geo.resolve('black', { kind: 'sea', sea: 'black' }, 'RUS', self);

const batch = (xy: Float64Array, f: (x: number, y: number) => unknown) => () => {
  for (let i = 0; i < BATCH; i++) f(xy[2 * i]!, xy[2 * i + 1]!);
};

describe(`contains, ${BATCH} points per run`, () => {
  bench('RUS territory, band 40-80 N', batch(band, (x, y) => rus.contains(x, y)));
  bench('RUS territorial sea, Black Sea box', batch(blackBox, (x, y) => ts.contains(x, y)));
  bench('reach of RUS 500 km, Europe box', batch(europe, (x, y) => reach.contains(x, y)));
  bench('RUS-EST border belt 100 km, Baltic box', batch(baltic, (x, y) => belt.contains(x, y)));
  bench('Black Sea, Black Sea box', batch(blackBox, (x, y) => black.contains(x, y)));
});

describe('distance, 100 points per run', () => {
  const few = (xy: Float64Array, f: (x: number, y: number) => unknown) => () => {
    for (let i = 0; i < 100; i++) f(xy[2 * i]!, xy[2 * i + 1]!);
  };
  bench('RUS territory, Baltic box, max 100 km', few(baltic, (x, y) => rus.distance(x, y, 100_000)));
  bench('RUS territory, Europe box, no limit', few(europe, (x, y) => rus.distance(x, y, Infinity)));
  bench('RUS territorial sea, Black Sea box, max 50 km', few(blackBox, (x, y) => ts.distance(x, y, 50_000)));
});
