/**
 * The evaluation benchmark's workload: the real AIS of ../shared/data scaled to N positions, the
 * places of the bundled agreements under two views as polygons, and the tasks every leg judges.
 *
 * Scaling (deterministic; no random points):
 * - Base: every position of the four Danish Maritime Authority NMEA files (34,150 fixes of 2,611
 *   vessels), read by Redline's own reader. Each file is moved in time so that it starts at
 *   2015-01-01T00:00Z (the files were recorded in 2010-2014, minutes to hours each), and the base is
 *   sorted by (time, asset, file, line). A vessel is one asset per file it was recorded in (3,016
 *   assets): 396 vessels are in more than one recording, made on different days in different
 *   waters, and laid over one another in time their fixes would interleave into a track jumping
 *   hundreds of kilometres between two places every few seconds (1,410 such jumps per copy). The
 *   first recording of a vessel keeps its id, the others are `<id>~<file number>`.
 * - Copies come in pairs. Pair j (j = 0, 1, 2, ...) is moved on in time by j x STEP, STEP = the
 *   base's span rounded up to a second + 31 minutes, so no track segment (10 min) and no stretch
 *   (30 min) joins two pairs. Copy k = 2j of the pair stays in the Danish straits; copy k = 2j + 1 is
 *   moved by (+19.5 deg, -12.5 deg) to the western Black Sea (around 31 E, 43.5 N), as distinct
 *   assets (`<id>@black`), so the Black Sea places see traffic at the same times as the Baltic ones
 *   and every prefix of the workload holds both seas. The tracks keep their real shape; some moved
 *   points fall on land. The two copies of a pair are merged in (time, asset) order, so the whole
 *   workload is in time order by construction. 100 M positions = 2,929 copies, 1,465 pairs, about
 *   half a year of traffic.
 * - Copy k is also moved by a small offset, ((7k mod 9) - 4) x 0.0005 deg of longitude and
 *   ((5k mod 9) - 4) x 0.0005 deg of latitude (at most 0.002 deg, ~220 m), so copies are not the
 *   same points.
 * - The workload is cut after exactly N positions (a prefix in time order).
 *
 * Sides: a vessel counts for BLUE (NATO) when the flag its MMSI gives is a NATO member on
 * 2015-01-01 (the accession dates of agreements/russia-nato-draft-2021-12-17.yaml; no accession falls
 * inside the workload's year), for RED when it has another flag, for neither when the MMSI gives none.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createGeo } from '../../src/geo/index.js';
import type { PlaceSpec, Region } from '../../src/geo/types.js';
import { loadAgreement } from '../../src/verify/engine.js';
import { placeSpecOf, type GeoResolver } from '../../src/verify/context.js';
import { emptyObservationSet, type ObservationSet } from '../../src/observations/model.js';
import { loadObservationFiles } from '../../src/observations/load.js';
import type { Agreement } from '../../src/language/index.js';
import type { BenchAssets, BenchPositions, BenchTask, Polygons } from './spec.js';

export const BASE_FILES = [
  'dma-aislib-stream_example_2010-06-11.nmea',
  'dma-aislib-replay_dump_2013-03-18.nmea',
  'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz',
  'dma-aisabnormal-538004030_drift_1.nmea',
] as const;

export const T0 = Date.parse('2015-01-01T00:00:00Z');
export const VIEWS = ['RUS', 'UKR'] as const;
const GAP_MS = 31 * 60_000;
const BLACK_SEA_SHIFT: [number, number] = [19.5, -12.5];

/** The base: real positions, rebased and sorted; columns the copies are cut from. */
export interface Base {
  n: number;
  asset: Uint32Array;
  time: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  file: Uint32Array;
  line: Uint32Array;
  /** Asset ids of the Baltic assets (index < baseAssets); Black Sea assets are `id@black`. */
  assetIds: string[];
  flags: (string | undefined)[];
  stepMs: number;
}

export async function loadBase(dataDir: string): Promise<Base> {
  const obs = emptyObservationSet();
  await loadObservationFiles(BASE_FILES.map((f) => resolve(dataDir, f)), obs);
  const p = obs.positions;
  const first = new Map<number, number>();
  for (let i = 0; i < p.length; i++) first.set(p.source[i]!, Math.min(first.get(p.source[i]!) ?? Infinity, p.time[i]!));
  const t = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) t[i] = p.time[i]! - first.get(p.source[i]!)! + T0;
  const file = Int32Array.from({ length: p.length }, (_, r) => BASE_FILES.indexOf(p.sources[p.source[r]!] as (typeof BASE_FILES)[number]));
  // One asset per vessel and recording (see the module comment): numbered by vessel, then file.
  const recordings = new Map<number, number>();
  const F = BASE_FILES.length;
  for (let r = 0; r < p.length; r++) recordings.set(p.asset[r]! * F + file[r]!, 0);
  const keys = [...recordings.keys()].sort((a, b) => a - b);
  const vessels = obs.assets.all();
  const assetIds: string[] = [];
  const flags: (string | undefined)[] = [];
  keys.forEach((key, i) => {
    recordings.set(key, i);
    const vessel = vessels[Math.floor(key / F)]!;
    const again = i > 0 && Math.floor(keys[i - 1]! / F) === Math.floor(key / F);
    assetIds.push(again ? `${vessel.id}~${(key % F) + 1}` : vessel.id);
    flags.push(vessel.flag);
  });
  const assetOf = Int32Array.from({ length: p.length }, (_, r) => recordings.get(p.asset[r]! * F + file[r]!)!);
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => t[a]! - t[b]! || assetOf[a]! - assetOf[b]! || p.source[a]! - p.source[b]! || p.line[a]! - p.line[b]!);
  const base: Base = {
    n: p.length,
    asset: new Uint32Array(p.length),
    time: new Float64Array(p.length),
    lon: new Float64Array(p.length),
    lat: new Float64Array(p.length),
    file: new Uint32Array(p.length),
    line: new Uint32Array(p.length),
    assetIds,
    flags,
    stepMs: 0,
  };
  order.forEach((r, i) => {
    base.asset[i] = assetOf[r]!;
    base.time[i] = t[r]!;
    base.lon[i] = p.lon[r]!;
    base.lat[i] = p.lat[r]!;
    base.file[i] = file[r]!;
    base.line[i] = p.line[r]!;
  });
  base.stepMs = Math.ceil((base.time[base.n - 1]! - T0) / 1000) * 1000 + GAP_MS;
  return base;
}

/** The full columns of the workload, in shared memory so that worker threads read them without copies. */
export interface WorkloadColumns extends BenchPositions {
  /** Source index = copy x files + file; line = the line in the real file. */
  source: Uint32Array;
  line: Uint32Array;
  copies: number;
}

function shared<T extends Uint32Array | Float64Array>(C: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T {
  return new C(new SharedArrayBuffer(Math.max(1, n) * C.BYTES_PER_ELEMENT));
}

export function offsetOf(k: number): [number, number] {
  const dx = (((7 * k) % 9) - 4) * 0.0005;
  const dy = (((5 * k) % 9) - 4) * 0.0005;
  return k % 2 === 1 ? [dx + BLACK_SEA_SHIFT[0], dy + BLACK_SEA_SHIFT[1]] : [dx, dy];
}

export function scale(base: Base, n: number, onCopy?: (done: number) => void): WorkloadColumns {
  const cols: WorkloadColumns = {
    n,
    asset: shared(Uint32Array, n),
    time: shared(Float64Array, n),
    lon: shared(Float64Array, n),
    lat: shared(Float64Array, n),
    source: shared(Uint32Array, n),
    line: shared(Uint32Array, n),
    copies: 0,
  };
  const B = base.assetIds.length;
  const F = BASE_FILES.length;
  let i = 0;
  const emit = (k: number, j: number, dx: number, dy: number, dt: number) => {
    cols.asset[i] = base.asset[j]! + (k % 2 === 1 ? B : 0);
    cols.time[i] = base.time[j]! + dt;
    cols.lon[i] = base.lon[j]! + dx;
    cols.lat[i] = base.lat[j]! + dy;
    cols.source[i] = k * F + base.file[j]!;
    cols.line[i] = base.line[j]!;
    i++;
  };
  for (let pair = 0; i < n; pair++) {
    const [ax, ay] = offsetOf(2 * pair);
    const [bx, by] = offsetOf(2 * pair + 1);
    const dt = pair * base.stepMs;
    // Merge the pair's two copies: at equal times the Baltic copy's assets (indices < B) come first.
    let a = 0;
    let b = 0;
    while (i < n && (a < base.n || b < base.n)) {
      if (b >= base.n || (a < base.n && base.time[a]! <= base.time[b]!)) emit(2 * pair, a++, ax, ay, dt);
      else emit(2 * pair + 1, b++, bx, by, dt);
    }
    cols.copies = 2 * pair + (b > 0 ? 2 : 1);
    onCopy?.(i);
  }
  return cols;
}

/** NATO members on T0, from the bundled Russia-NATO draft's accession list. */
function natoStates(agreement: Agreement): Set<string> {
  return new Set(agreement.statesOf('NATO', T0));
}

export function benchAssets(base: Base, agreement: Agreement): BenchAssets & { flags: (string | undefined)[] } {
  const nato = natoStates(agreement);
  const ids = [...base.assetIds, ...base.assetIds.map((id) => `${id}@black`)];
  const flags = [...base.flags, ...base.flags];
  const side = new Int8Array(ids.length);
  flags.forEach((f, i) => (side[i] = f === undefined ? -1 : nato.has(f) ? 0 : 1));
  return { ids, side, flags };
}

/**
 * The bench agreement: the places of the bundled agreements (Russia's draft US treaty's Russian
 * territory and territorial sea, the Russia-NATO draft's Art. 7 territorial sea and its seas) with
 * border belts and the NATO territorial sea, and keep-out, standoff and separation commitments on
 * them. Written beside the workload so that Redline's leg reads it as any agreement file.
 */
export function writeBenchAgreement(dir: string, natoDraft: Agreement, nonNatoFlags: string[]): string {
  mkdirSync(dir, { recursive: true });
  const natoDecl = natoDraft.decl.parties.find((p) => p.id === 'NATO')!;
  const members = natoDecl.kind === 'alliance' ? natoDecl.members : [];
  const yaml = `redline: 1
id: bench-evaluation
title: Evaluation benchmark (keep-out, standoff and separation on the Baltic and Black Seas)
source: bench/perf/workload.ts (places of agreements/russia-us-draft-2021-12-17.yaml and agreements/russia-nato-draft-2021-12-17.yaml)
views: [${VIEWS.join(', ')}]
parameters:
  approachDistanceM:
    value: 1000
    unit: m
    agreed: false
    source: The assumption of agreements/russia-nato-draft-2021-12-17.yaml (no figure in the draft).
  standoffRangeKm:
    value: 185
    unit: km
    agreed: false
    source: Naval Strike Missile range, 185 km (Kongsberg product sheet); an assumed fit for every BLUE vessel.
parties:
  - { id: RUS, kind: state, name: Russian Federation }
  - { id: UKR, kind: state, name: Ukraine }
  - { id: EST, kind: state, name: Estonia }
  - id: NATO
    kind: alliance
    name: North Atlantic Treaty Organization
    members:
${members.map((m) => `      - { state: ${m.state}, from: ${m.from} }`).join('\n')}
  - id: OTHER
    kind: alliance
    name: Vessels under flags outside NATO (a grouping for the benchmark)
    members:
${nonNatoFlags.map((s) => `      - { state: ${s}, from: 1900-01-01 }`).join('\n')}
  - id: post-soviet-non-nato
    kind: group
    name: The Art. 7 states of the Russia-NATO draft
    states: [UKR, BLR, MDA, GEO, ARM, AZE, KAZ, KGZ, TJK, TKM, UZB]
  # The NATO members of 2015 whose coasts the workload's tracks come within the standoff range of
  # (North Sea, Baltic, Black Sea): tracing the territorial sea of all NATO coasts worldwide would
  # only add polygons no track reaches.
  - id: nato-european-coasts
    kind: group
    name: NATO members on the North Sea, the Baltic and the Black Sea (2015)
    states: [BEL, BGR, DEU, DNK, EST, FRA, GBR, LTU, LVA, NLD, NOR, POL, ROU, TUR]
places:
  - { id: baltic-sea, kind: sea, sea: baltic }
  - { id: black-sea, kind: sea, sea: black }
  - { id: rus-territory, kind: territory, party: RUS }
  - { id: rus-territorial-sea, kind: territorial-sea, party: RUS }
  - { id: art7-territorial-sea, kind: territorial-sea, party: post-soviet-non-nato }
  - { id: nato-territorial-sea, kind: territorial-sea, party: nato-european-coasts }
  - { id: belt-rus-est, kind: border-belt, between: [RUS, EST], widthKm: 50 }
  - { id: belt-rus-ukr, kind: border-belt, between: [RUS, UKR], widthKm: 50 }
  # A reach area: 24 nautical miles (44.448 km) from Russia's territory, the contiguous zone's width
  # (UNCLOS Art. 33(2)).
  - { id: rus-reach-24nm, kind: reach, of: RUS, radiusKm: 44.448 }
assetClasses:
  - { id: vessel, name: Any vessel, match: { classes: [vessel] } }
commitments:
  - id: keep-out
    kind: keep-out
    title: NATO vessels stay out of Russian and Art. 7 territorial seas, 24 nmi of Russia and the border belts
    article: bench
    text: Benchmark commitment.
    source: bench/perf/workload.ts
    obligor: NATO
    beneficiary: RUS
    params: { places: [rus-territorial-sea, rus-reach-24nm, art7-territorial-sea, belt-rus-est, belt-rus-ukr], classes: [vessel] }
  - id: standoff
    kind: standoff
    title: NATO vessels stay out of missile range of Russia outside NATO territorial seas
    article: bench
    text: Benchmark commitment.
    source: bench/perf/workload.ts
    obligor: NATO
    beneficiary: RUS
    params: { classes: [vessel], target: rus-territory, exempt: [nato-territorial-sea], rangeKm: $standoffRangeKm }
  - id: separation-baltic
    kind: separation
    title: NATO and other vessels keep 1 km apart in the Baltic
    article: bench
    text: Benchmark commitment.
    source: bench/perf/workload.ts
    obligor: [NATO, OTHER]
    params: { classes: [vessel], sides: [NATO, OTHER], region: baltic-sea, minDistanceM: $approachDistanceM }
  - id: separation-black
    kind: separation
    title: NATO and other vessels keep 1 km apart in the Black Sea
    article: bench
    text: Benchmark commitment.
    source: bench/perf/workload.ts
    obligor: [NATO, OTHER]
    params: { classes: [vessel], sides: [NATO, OTHER], region: black-sea, minDistanceM: $approachDistanceM }
`;
  const path = join(dir, 'bench-evaluation.yaml');
  writeFileSync(path, yaml);
  return path;
}

/**
 * Every place of the agreement under every view, as polygons: a polygon place as it is, a place
 * defined by distance as the outline Redline traces for it. `resolver` then hands the engine those
 * same polygons as custom places, so Redline judges what the baselines judge.
 */
export async function materialise(agreement: Agreement): Promise<{ polygons: Map<string, Polygons>; resolver: GeoResolver }> {
  const geo = createGeo();
  const polygons = new Map<string, Polygons>();
  const states = (p: string) => agreement.statesOf(p, T0);
  for (const view of VIEWS)
    for (const decl of agreement.decl.places) {
      polygons.set(placeKey(decl.id, view), geo.resolve(decl.id, placeSpecOf(agreement, decl), view, states).geometry());
      // Tracing a place takes seconds: the caller's event loop turns between places (a test
      // worker that blocks for a minute misses Vitest's own messages).
      await new Promise((resolve) => setImmediate(resolve));
    }
  return { polygons, resolver: resolverOf(agreement, polygons, geo) };
}

const placeKey = (id: string, view: string) => `${id}@${view}`;

/** A resolver that answers every place of the agreement with its materialised polygons (a worker builds its own from the same polygons). */
export function resolverOf(agreement: Agreement, polygons: Map<string, Polygons>, geo = createGeo()): GeoResolver {
  const regions = new Map<string, Region>();
  const states = (p: string) => agreement.statesOf(p, T0);
  for (const [key, coords] of polygons) {
    const [id, view] = key.split('@') as [string, string];
    regions.set(key, geo.resolve(id, { kind: 'custom', geometry: { type: 'MultiPolygon', coordinates: coords }, name: id }, view, states));
  }
  return {
    resolve(id: string, spec: PlaceSpec, view: string): Region {
      const r = regions.get(placeKey(id, view));
      if (!r) throw new Error(`bench: place ${id} under view ${view} was not materialised (${spec.kind})`);
      return r;
    },
  };
}

/** The tasks every leg judges, from the bench agreement and its materialised places. */
export function tasksOf(agreement: Agreement, polygons: Map<string, Polygons>): BenchTask[] {
  const tasks: BenchTask[] = [];
  const place = (id: string, view: string) => ({ id, polygons: polygons.get(`${id}@${view}`)! });
  const num = (v: unknown) => agreement.number(v as number | string)!.value;
  for (const view of VIEWS)
    for (const c of agreement.decl.commitments) {
      const p = c.params as Record<string, unknown>;
      if (c.kind === 'keep-out') tasks.push({ kind: 'keep-out', commitment: c.id, view, side: 0, places: (p.places as string[]).map((id) => place(id, view)), maxGapMs: 30 * 60_000 });
      else if (c.kind === 'standoff')
        tasks.push({ kind: 'standoff', commitment: c.id, view, side: 0, target: place(p.target as string, view), exempt: (p.exempt as string[]).map((id) => place(id, view)), rangeM: num(p.rangeKm) * 1000, maxGapMs: 30 * 60_000 });
      else if (c.kind === 'separation') tasks.push({ kind: 'separation', commitment: c.id, view, region: place(p.region as string, view), minM: num(p.minDistanceM), searchM: Math.max(num(p.minDistanceM), 5000), maxGapMs: 10 * 60_000 });
    }
  return tasks;
}

/** An ObservationSet over the workload's columns (shared, not copied) with the assets' flags and class. */
export function observationSetOf(cols: WorkloadColumns, assets: BenchAssets & { flags: (string | undefined)[] }): ObservationSet {
  const obs = emptyObservationSet();
  assets.ids.forEach((id, i) => obs.assets.update(id, { ...(assets.flags[i] ? { flag: assets.flags[i] } : {}), class: 'vessel' }));
  const p = obs.positions;
  p.asset = cols.asset;
  p.time = cols.time;
  p.lon = cols.lon;
  p.lat = cols.lat;
  p.source = cols.source;
  p.line = cols.line;
  p.speed = new Float32Array(0);
  p.course = new Float32Array(0);
  p.length = cols.n;
  for (let k = 0; k < cols.copies; k++) for (const f of BASE_FILES) p.sourceId(`${f}#${k}`);
  return obs;
}

export interface Workload {
  base: Base;
  cols: WorkloadColumns;
  assets: BenchAssets & { flags: (string | undefined)[] };
  agreement: Agreement;
  agreementPath: string;
  polygons: Map<string, Polygons>;
  resolver: GeoResolver;
  tasks: BenchTask[];
}

/** Everything a run needs: the base read once, scaled to `n`, the agreement written to `dir` and its places materialised. */
export async function buildWorkload(n: number, dataDir: string, dir: string, onCopy?: (done: number) => void): Promise<Workload> {
  const base = await loadBase(dataDir);
  const natoDraft = loadAgreement(resolve('agreements/russia-nato-draft-2021-12-17.yaml'));
  const nato = natoStates(natoDraft);
  const others = [...new Set(base.flags.filter((f): f is string => f !== undefined && !nato.has(f)))].sort();
  const agreementPath = writeBenchAgreement(dir, natoDraft, others);
  const agreement = loadAgreement(agreementPath);
  const { polygons, resolver } = await materialise(agreement);
  const cols = scale(base, n, onCopy);
  return { base, cols, assets: benchAssets(base, agreement), agreement, agreementPath, polygons, resolver, tasks: tasksOf(agreement, polygons) };
}
