/**
 * The separation search as one sweep in time order, holding only the segments and contacts that
 * can still matter, so that time and memory grow with traffic, not with its square or its length.
 *
 * Segments arrive in the order of their end times (the engine's rows are in time order). A new
 * segment is compared with the live segments of the other sides that share a grid cell with it;
 * every pair is therefore met once, when its later segment arrives, and needs no record of pairs
 * seen. Segments live in a grid per time bucket of their end time (buckets at least as long as the
 * largest gap, so a segment spans at most that): a segment that ended two buckets back cannot
 * overlap in time with any segment still to come, and its grid is dropped.
 *
 * A contact's instant lies within one bucket of the arrival of its later segment, so an asset pair
 * whose last contact came more than two buckets ago can have no later contact within `maxGap` of
 * it: its contacts are then final, sorted by instant and split into encounters where they lose
 * touch for longer than `maxGap` — the same encounters as sorting all contacts at the end.
 *
 * Cost: per segment, the cells of its box grown by the search radius (few: cells are as wide as
 * the radius); per candidate pair, the plane's closest approach, and the exact geodesic only when
 * the plane puts the pair within the radius (plus a margin the plane cannot err by).
 */
import { closestApproach, type Approach, type Seg } from './cpa.js';

export interface TrackSeg extends Seg {
  asset: number;
  side: number;
  rowA: number;
  rowB: number;
  /** The last query that met this segment: each candidate is compared once per query. */
  seen: number;
}

export interface Contact {
  a: TrackSeg;
  b: TrackSeg;
  cpa: Approach;
}

/** Metres per degree of latitude, the smallest on WGS84 (at the equator): pads never fall short. */
const MIN_M_PER_DEG = 110_570;
/** Cell coordinates are packed into one number: x and y shifted to be positive, y in the low part. */
const CELL_SPAN = 1 << 20;
const CELL_OFFSET = 1 << 19;
/** A segment whose grown box covers more cells than this is kept in a list of its own. */
const WIDE_CELLS = 64;

export class ContactSweep {
  private readonly cellDeg: number;
  private readonly bucketMs: number;
  private grids: { bucket: number; cells: Map<number, TrackSeg[]>; wide: TrackSeg[]; all: TrackSeg[] }[] = [];
  private query = 0;
  /** Open asset pairs: contacts so far and the bucket of the last one. */
  private readonly pairs = new Map<number, { contacts: Contact[]; lastBucket: number }>();
  private currentBucket = -Infinity;
  /** Counts for the finding's trace: segments swept, candidate pairs compared, pairs measured exactly. */
  segments = 0;
  comparisons = 0;
  geodesics = 0;

  constructor(
    private readonly searchM: number,
    private readonly maxGapMs: number,
    private readonly assetCount: number,
    private readonly onEncounter: (encounter: Contact[]) => void,
  ) {
    this.cellDeg = searchM / MIN_M_PER_DEG;
    this.bucketMs = Math.max(maxGapMs, 60_000);
  }

  add(s: TrackSeg): void {
    this.segments++;
    const bucket = Math.floor(s.t1 / this.bucketMs);
    if (bucket !== this.currentBucket) this.advance(bucket);
    const q = ++this.query;
    const grid = this.grids[this.grids.length - 1]!;
    const [gx0, gx1, gy0, gy1] = this.cellsOf(s, this.cellDeg);
    if ((gx1 - gx0 + 1) * (gy1 - gy0 + 1) > WIDE_CELLS) {
      // A wide segment (a jump between far-apart fixes) meets every live segment, not its cells.
      for (const g of this.grids) this.meet(s, g.all, q);
      grid.wide.push(s);
      grid.all.push(s);
      return;
    }
    // Segments go in under their box grown by the radius and are looked for under their own box.
    const [x0, x1, y0, y1] = this.cellsOf(s, 0);
    for (const g of this.grids) {
      this.meet(s, g.wide, q);
      for (let x = x0; x <= x1; x++)
        for (let y = y0; y <= y1; y++) {
          const cell = g.cells.get(x * CELL_SPAN + y);
          if (cell) this.meet(s, cell, q);
        }
    }
    for (let x = gx0; x <= gx1; x++)
      for (let y = gy0; y <= gy1; y++) {
        const k = x * CELL_SPAN + y;
        const cell = grid.cells.get(k);
        if (cell) cell.push(s);
        else grid.cells.set(k, [s]);
      }
    grid.all.push(s);
  }

  /**
   * Compares `s` with the segments of a list that overlap it in time. Lists fill in the order of
   * end times, so walking back from the newest, the first one that ended before `s` began ends the
   * candidates.
   */
  private meet(s: TrackSeg, list: TrackSeg[], q: number): void {
    for (let i = list.length - 1; i >= 0; i--) {
      const o = list[i]!;
      if (o.t1 < s.t0) break;
      if (o.side === s.side || o.asset === s.asset || o.seen === q) continue;
      o.seen = q;
      this.compare(o, s);
    }
  }

  /** Every open pair closes: the data has ended. */
  finish(): void {
    for (const p of this.pairs.values()) this.close(p.contacts);
    this.pairs.clear();
    this.grids = [];
  }

  private compare(o: TrackSeg, s: TrackSeg): void {
    this.comparisons++;
    const a = o.side < s.side ? o : s;
    const b = a === o ? s : o;
    const cpa = closestApproach(a, b, this.searchM);
    if (cpa === undefined) return;
    this.geodesics++;
    if (cpa.metres > this.searchM) return;
    const key = a.asset * this.assetCount + b.asset;
    const pair = this.pairs.get(key);
    const bucket = this.currentBucket;
    if (pair) {
      pair.contacts.push({ a, b, cpa });
      pair.lastBucket = bucket;
    } else this.pairs.set(key, { contacts: [{ a, b, cpa }], lastBucket: bucket });
  }

  private advance(bucket: number): void {
    this.currentBucket = bucket;
    this.grids = this.grids.filter((g) => g.bucket >= bucket - 1);
    this.grids.push({ bucket, cells: new Map(), wide: [], all: [] });
    for (const [k, p] of this.pairs)
      if (p.lastBucket < bucket - 2) {
        this.close(p.contacts);
        this.pairs.delete(k);
      }
  }

  private close(contacts: Contact[]): void {
    contacts.sort((x, y) => x.cpa.time - y.cpa.time || x.a.rowA - y.a.rowA || x.b.rowA - y.b.rowA);
    let cur: Contact[] = [];
    for (const c of contacts) {
      const prev = cur[cur.length - 1];
      if (prev && c.cpa.time - prev.cpa.time > this.maxGapMs) {
        this.onEncounter(cur);
        cur = [];
      }
      cur.push(c);
    }
    if (cur.length) this.onEncounter(cur);
  }

  /** Grid cells of the segment's box grown by `pad` degrees of latitude (and as many metres east-west): [x0, x1, y0, y1]. */
  private cellsOf(s: Seg, pad: number): [number, number, number, number] {
    const latLo = Math.min(s.lat0, s.lat1) - pad;
    const latHi = Math.max(s.lat0, s.lat1) + pad;
    const cos = Math.max(0.05, Math.cos((Math.min(89.9, Math.max(Math.abs(latLo), Math.abs(latHi))) * Math.PI) / 180));
    const lonPad = pad / cos;
    const c = this.cellDeg;
    return [
      Math.floor((Math.min(s.lon0, s.lon1) - lonPad) / c) + CELL_OFFSET,
      Math.floor((Math.max(s.lon0, s.lon1) + lonPad) / c) + CELL_OFFSET,
      Math.floor(latLo / c) + CELL_OFFSET,
      Math.floor(latHi / c) + CELL_OFFSET,
    ];
  }
}
