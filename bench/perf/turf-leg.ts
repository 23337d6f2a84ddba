/**
 * The turf.js baseline: the tasks of spec.ts written the way a careful TypeScript user writes them
 * with turf 7 — `booleanPointInPolygon` behind each polygon's bounding box (computed once),
 * `pointToLineDistance` (geodesic) on the pieces of the target's boundary whose boxes are within range,
 * `distance` (great circle) at the closest point of approach, and positions grouped into time
 * windows for separation with a bounding-box test before any distance. One thread.
 *
 * Same semantics as the engine (spec.ts), on a sphere: decisions within `tolerance` of a limit are
 * listed as ambiguous.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/distance';
import { pointToLineDistance } from '@turf/point-to-line-distance';
import type { LineString, Polygon } from 'geojson';
import { tolerance, type Ambiguous, type BenchAssets, type BenchPositions, type FindingKey, type KeepOutTask, type LegResult, type Polygons, type SeparationTask, type StandoffTask, type BenchTask } from './spec.js';

const M_PER_DEG = 111_320;
const DEG = Math.PI / 180;

export interface BoxedPolygon {
  bbox: [number, number, number, number];
  polygon: Polygon;
}

export function bboxOf(coords: number[][]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of coords) {
    x0 = Math.min(x0, x!);
    x1 = Math.max(x1, x!);
    y0 = Math.min(y0, y!);
    y1 = Math.max(y1, y!);
  }
  return [x0, y0, x1, y1];
}

export function boxed(polygons: Polygons): BoxedPolygon[] {
  return polygons.map((rings) => ({ bbox: bboxOf(rings[0]!), polygon: { type: 'Polygon', coordinates: rings } }));
}

export function insideAny(parts: BoxedPolygon[], x: number, y: number): boolean {
  for (const { bbox, polygon } of parts) if (x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3] && booleanPointInPolygon([x, y], polygon)) return true;
  return false;
}

/** Stretches of violating fixes per asset, as the spec defines them. */
class Stretches {
  private open = new Map<number, { from: number; to: number }>();
  private last = new Map<number, number>();
  readonly found: { asset: number; from: number; to: number }[] = [];

  /** `violating` undefined: the fix is not judged (exempt) and ends the asset's stretch. */
  fix(asset: number, t: number, violating: boolean | undefined): void {
    const s = this.open.get(asset);
    const prev = this.last.get(asset);
    if (violating === undefined) {
      if (s) this.close(asset, s);
      return;
    }
    this.last.set(asset, t);
    if (s && (!violating || (prev !== undefined && t - prev > this.maxGapMs))) this.close(asset, s);
    if (!violating) return;
    const cur = this.open.get(asset);
    if (cur) cur.to = t;
    else this.open.set(asset, { from: t, to: t });
  }

  constructor(private readonly maxGapMs: number) {}

  private close(asset: number, s: { from: number; to: number }): void {
    this.found.push({ asset, ...s });
    this.open.delete(asset);
  }

  finish(): { asset: number; from: number; to: number }[] {
    for (const [asset, s] of this.open) this.found.push({ asset, ...s });
    this.open.clear();
    return this.found;
  }
}

function keepOut(task: KeepOutTask, p: BenchPositions, assets: BenchAssets): LegResult {
  const places = task.places.map((pl) => boxed(pl.polygons));
  const st = new Stretches(task.maxGapMs);
  for (let i = 0; i < p.n; i++) {
    const a = p.asset[i]!;
    if (assets.side[a] !== task.side) continue;
    const x = p.lon[i]!;
    const y = p.lat[i]!;
    st.fix(a, p.time[i]!, places.some((parts) => insideAny(parts, x, y)));
  }
  return { findings: st.finish().map((s) => key(task, [assets.ids[s.asset]!], s.from, s.to)), ambiguous: [] };
}

/**
 * A lower bound in metres from a point to a box: the box's nearest edge in degrees, at the fewest
 * metres a degree can have there (WGS84: 110.57 km of latitude; longitude at the box's highest
 * latitude), less 1 %.
 */
function boxLowerBoundM(b: [number, number, number, number], x: number, y: number): number {
  const dy = Math.max(0, b[1] - y, y - b[3]);
  const dx = Math.max(0, b[0] - x, x - b[2]);
  const cos = Math.cos(Math.min(89.9, Math.max(Math.abs(b[1]), Math.abs(b[3]), Math.abs(y))) * DEG);
  return Math.hypot(dx * 111_320 * cos, dy * 110_570) * 0.99;
}

/** A piece of a boundary ring, at most CHUNK edges, with its box: what `pointToLineDistance` is asked about. */
interface Chunk {
  bbox: [number, number, number, number];
  line: LineString;
}

const CHUNK = 256;

function chunksOf(polygons: Polygons): Chunk[] {
  const out: Chunk[] = [];
  for (const rings of polygons)
    for (const ring of rings)
      for (let i = 0; i < ring.length - 1; i += CHUNK) {
        const coords = ring.slice(i, Math.min(ring.length, i + CHUNK + 1));
        out.push({ bbox: bboxOf(coords), line: { type: 'LineString', coordinates: coords } });
      }
  return out;
}

function standoff(task: StandoffTask, p: BenchPositions, assets: BenchAssets): LegResult {
  const exempt = task.exempt.map((pl) => boxed(pl.polygons));
  const target = boxed(task.target.polygons);
  // The target's boundary cut into pieces with boxes, so that a fix is measured only against the
  // pieces that could be nearer than the range (a big country's coast is tens of thousands of edges).
  const chunks = chunksOf(task.target.polygons);
  const tol = tolerance(task.rangeM);
  const reach = task.rangeM + tol;
  const st = new Stretches(task.maxGapMs);
  const ambiguous: Ambiguous[] = [];
  for (let i = 0; i < p.n; i++) {
    const a = p.asset[i]!;
    if (assets.side[a] !== task.side) continue;
    const x = p.lon[i]!;
    const y = p.lat[i]!;
    const t = p.time[i]!;
    if (exempt.some((parts) => insideAny(parts, x, y))) {
      st.fix(a, t, undefined);
      continue;
    }
    let d = Infinity;
    if (insideAny(target, x, y)) d = 0;
    else
      for (const c of chunks) {
        const bound = boxLowerBoundM(c.bbox, x, y);
        if (bound > reach || bound > d) continue;
        d = Math.min(d, pointToLineDistance([x, y], c.line, { units: 'meters', method: 'geodesic' }));
      }
    if (Math.abs(d - task.rangeM) <= tol) ambiguous.push({ commitment: task.commitment, view: task.view, assets: [assets.ids[a]!], time: t });
    st.fix(a, t, d <= task.rangeM);
  }
  return { findings: st.finish().map((s) => key(task, [assets.ids[s.asset]!], s.from, s.to)), ambiguous };
}

interface Segment {
  asset: number;
  side: number;
  t0: number;
  t1: number;
  lon0: number;
  lat0: number;
  lon1: number;
  lat1: number;
}

function at(s: Segment, t: number): [number, number] {
  if (s.t1 === s.t0) return [s.lon0, s.lat0];
  const f = (t - s.t0) / (s.t1 - s.t0);
  return [s.lon0 + (s.lon1 - s.lon0) * f, s.lat0 + (s.lat1 - s.lat0) * f];
}

/**
 * The spec's closest point of approach, measured with turf's great-circle distance. Written from
 * the spec, apart from the engine's cpa.ts on purpose: a baseline that called the engine's code
 * could not catch the engine's mistakes.
 */
function cpa(a: Segment, b: Segment): { time: number; metres: number } {
  const ts = Math.max(a.t0, b.t0);
  const te = Math.min(a.t1, b.t1);
  const [ax, ay] = at(a, ts);
  const [bx, by] = at(b, ts);
  const cosLat = Math.cos(((ay + by) / 2) * DEG);
  let dlon = bx - ax;
  if (dlon > 180) dlon -= 360;
  else if (dlon < -180) dlon += 360;
  const rx = dlon * M_PER_DEG * cosLat;
  const ry = (by - ay) * M_PER_DEG;
  const vel = (s: Segment): [number, number] => {
    const dt = (s.t1 - s.t0) / 1000;
    return dt <= 0 ? [0, 0] : [((s.lon1 - s.lon0) * M_PER_DEG * cosLat) / dt, ((s.lat1 - s.lat0) * M_PER_DEG) / dt];
  };
  const va = vel(a);
  const vb = vel(b);
  const vx = vb[0] - va[0];
  const vy = vb[1] - va[1];
  const vv = vx * vx + vy * vy;
  let tau = vv > 0 ? -(rx * vx + ry * vy) / vv : 0;
  tau = Math.min(Math.max(tau, 0), (te - ts) / 1000);
  const time = ts + tau * 1000;
  return { time, metres: distance(at(a, time), at(b, time), { units: 'meters' }) };
}

function separation(task: SeparationTask, p: BenchPositions, assets: BenchAssets): LegResult {
  const region = boxed(task.region.polygons);
  const segs: Segment[] = [];
  const last = new Map<number, number>();
  const seg = (asset: number, r0: number, r1: number) =>
    segs.push({ asset, side: assets.side[asset]!, t0: p.time[r0]!, t1: p.time[r1]!, lon0: p.lon[r0]!, lat0: p.lat[r0]!, lon1: p.lon[r1]!, lat1: p.lat[r1]! });
  const inside = (r: number) => insideAny(region, p.lon[r]!, p.lat[r]!);
  for (let i = 0; i < p.n; i++) {
    const a = p.asset[i]!;
    if (assets.side[a] !== 0 && assets.side[a] !== 1) continue;
    const prev = last.get(a);
    last.set(a, i);
    if (prev === undefined || p.time[i]! - p.time[prev]! > task.maxGapMs) {
      if (inside(i)) seg(a, i, i);
    } else if (inside(prev) || inside(i)) seg(a, prev, i);
  }
  // Time windows as long as the largest gap: a segment lies in one window or two.
  const windows = new Map<number, Segment[]>();
  for (const s of segs)
    for (let w = Math.floor(s.t0 / task.maxGapMs); w <= Math.floor(s.t1 / task.maxGapMs); w++) {
      const list = windows.get(w);
      if (list) list.push(s);
      else windows.set(w, [s]);
    }
  const padLat = task.searchM / M_PER_DEG / 0.99;
  const tolMin = tolerance(task.minM);
  const tolSearch = tolerance(task.searchM);
  const contacts: { a: Segment; b: Segment; time: number; metres: number }[] = [];
  const ambiguous: Ambiguous[] = [];
  for (const [w, list] of windows) {
    const blue = list.filter((s) => s.side === 0);
    const red = list.filter((s) => s.side === 1);
    for (const a of blue) {
      const aLat = Math.max(Math.abs(a.lat0), Math.abs(a.lat1)) + padLat;
      const padLon = padLat / Math.cos(Math.min(aLat, 89) * DEG);
      const ax0 = Math.min(a.lon0, a.lon1) - padLon, ax1 = Math.max(a.lon0, a.lon1) + padLon;
      const ay0 = Math.min(a.lat0, a.lat1) - padLat, ay1 = Math.max(a.lat0, a.lat1) + padLat;
      for (const b of red) {
        // Each pair once: in the first window both segments are in.
        if (Math.max(Math.floor(a.t0 / task.maxGapMs), Math.floor(b.t0 / task.maxGapMs)) !== w) continue;
        if (Math.max(a.t0, b.t0) > Math.min(a.t1, b.t1)) continue;
        if (Math.max(b.lon0, b.lon1) < ax0 || Math.min(b.lon0, b.lon1) > ax1 || Math.max(b.lat0, b.lat1) < ay0 || Math.min(b.lat0, b.lat1) > ay1) continue;
        const c = cpa(a, b);
        if (Math.abs(c.metres - task.minM) <= tolMin || Math.abs(c.metres - task.searchM) <= tolSearch)
          ambiguous.push({ commitment: task.commitment, view: task.view, assets: [assets.ids[a.asset]!, assets.ids[b.asset]!], time: c.time });
        if (c.metres <= task.searchM) contacts.push({ a, b, ...c });
      }
    }
  }
  const byPair = new Map<string, typeof contacts>();
  for (const c of contacts) {
    const k = `${c.a.asset}:${c.b.asset}`;
    const list = byPair.get(k);
    if (list) list.push(c);
    else byPair.set(k, [c]);
  }
  const findings: FindingKey[] = [];
  for (const list of byPair.values()) {
    list.sort((x, y) => x.time - y.time);
    let enc: typeof contacts = [];
    const flush = () => {
      if (enc.length && Math.min(...enc.map((c) => c.metres)) < task.minM)
        findings.push(key(task, [assets.ids[enc[0]!.a.asset]!, assets.ids[enc[0]!.b.asset]!], enc[0]!.time, enc[enc.length - 1]!.time));
      enc = [];
    };
    for (const c of list) {
      if (enc.length && c.time - enc[enc.length - 1]!.time > task.maxGapMs) flush();
      enc.push(c);
    }
    flush();
  }
  return { findings, ambiguous };
}

function key(task: BenchTask, assets: string[], from: number, to: number): FindingKey {
  return { commitment: task.commitment, view: task.view, verdict: 'breach', assets, from, to };
}

export function runTurfTask(task: BenchTask, p: BenchPositions, assets: BenchAssets): LegResult {
  if (task.kind === 'keep-out') return keepOut(task, p, assets);
  if (task.kind === 'standoff') return standoff(task, p, assets);
  return separation(task, p, assets);
}
