/**
 * The separation search as one sweep in time order, holding only the segments and contacts that
 * can still matter, so that time and memory grow with traffic, not with its square or its length.
 *
 * Segments arrive in the order of their end times (the engine's rows are in time order). A new
 * segment is compared with the live segments of the other sides that share a grid cell with it;
 * every pair is therefore met once, when its later segment arrives, and needs no record of pairs
 * seen. Time is cut into buckets at least as long as the largest gap, so a segment spans at most
 * that: a segment that ended two buckets back cannot overlap in time with any segment still to
 * come, and is dead.
 *
 * Segments live in columns (typed arrays), numbered in arrival order, so the live ones are one
 * window of numbers that slides forward as buckets pass; a cell lists segment numbers, and the
 * dead ones at the head of a list (numbers below the window) are dropped when the cell is next
 * visited. Nothing is allocated per segment but its numbers in the cells it covers.
 *
 * Encounters. A contact found now has its instant no earlier than the start of the previous bucket
 * (its later segment ends in this bucket and spans at most one), so at each new bucket the contacts
 * with instants before that are final: they are sorted by instant and folded into the pair's open
 * encounter, which ends where they lose touch for longer than `maxGap` — the same encounters as
 * sorting all contacts at the end, while only the last two buckets' contacts are held. An encounter
 * keeps what its finding needs: its span, its count of contacts, its closest contact, and the rows
 * its contacts cite (the first MAX_EVIDENCE in order, and how many in all). Two ships moored side
 * by side for a year are one encounter that holds a year of row numbers, not a year of contacts.
 *
 * Cost: per segment, the cells of its box grown by the search radius (few: cells are as wide as
 * the radius); per candidate pair, a latitude test, then the plane's closest approach; the exact
 * geodesic only for pairs the plane puts near the radius (within the margin it can err by), and
 * for each encounter the contacts that could be its closest.
 */
import { MAX_EVIDENCE } from '../../finding.js';
import { measure, planeApproach, planeLower, planeUpper, type Approach, type Seg } from './cpa.js';

/** A segment as a contact names it: whose, and between which rows. */
export interface SegRef {
  asset: number;
  side: number;
  rowA: number;
  rowB: number;
}

export interface Contact {
  a: SegRef;
  b: SegRef;
  /** `metres` is NaN while only the plane has measured it (see `fold`). */
  cpa: Approach & { plane: number };
}

/** A final encounter of one pair of assets: contacts no more than `maxGap` apart in time. */
export interface Encounter {
  /** The closest contact, measured exactly (the earliest of equals). */
  closest: Contact;
  /** The first and last contact instants. */
  from: number;
  to: number;
  contacts: number;
  /** The rows the contacts cite, in contact order, each once: at most MAX_EVIDENCE of them. */
  rows: number[];
  /** How many distinct rows the contacts cite in all. */
  rowCount: number;
}

interface OpenEncounter {
  closest: Contact | undefined;
  closestM: number;
  from: number;
  to: number;
  contacts: number;
  rows: number[];
  seen: Set<number>;
}

interface OpenPair {
  /** Contacts not yet final, in the order found. */
  fresh: Contact[];
  open: OpenEncounter | undefined;
}

/** Metres per degree of latitude, the smallest on WGS84 (at the equator): pads never fall short. */
const MIN_M_PER_DEG = 110_570;
/**
 * Cell coordinates are packed into one number: x and y shifted to be positive, y in the low part.
 * Cells are at least MIN_CELL_DEG wide, so 2^14 of them span more than the globe twice over, and
 * the key stays a small integer (V8 hashes those without boxing).
 */
const CELL_SPAN = 1 << 14;
const CELL_OFFSET = 1 << 13;
const MIN_CELL_DEG = 0.045;
/** A segment whose grown box covers more cells than this is kept in a list of its own. */
const WIDE_CELLS = 64;

export class ContactSweep {
  private readonly cellDeg: number;
  /** Latitude apart beyond which two segments cannot come within the search radius. */
  private readonly padLat: number;
  private readonly bucketMs: number;
  private readonly cells = new Map<number, number[]>();
  private wide: number[] = [];
  // Segment columns; slot i holds segment number `start + i`.
  private start = 0;
  private next = 0;
  /** The first live segment number: every one below it ended before the last bucket began. */
  private live = 0;
  private cap = 1024;
  private asset = new Int32Array(this.cap);
  private side = new Int8Array(this.cap);
  private rowA = new Int32Array(this.cap);
  private rowB = new Int32Array(this.cap);
  private t0 = new Float64Array(this.cap);
  private t1 = new Float64Array(this.cap);
  private lon0 = new Float64Array(this.cap);
  private lat0 = new Float64Array(this.cap);
  private lon1 = new Float64Array(this.cap);
  private lat1 = new Float64Array(this.cap);
  /** The last query that met each segment: a candidate in several cells is compared once. */
  private seen = new Int32Array(this.cap);
  private query = 0;
  /** Two segments handed to planeApproach, refilled for every comparison. */
  private readonly sa: Seg = { t0: 0, t1: 0, lon0: 0, lat0: 0, lon1: 0, lat1: 0 };
  private readonly sb: Seg = { t0: 0, t1: 0, lon0: 0, lat0: 0, lon1: 0, lat1: 0 };
  /** Asset pairs with contacts not yet final or an encounter still open. */
  private readonly pairs = new Map<number, OpenPair>();
  private currentBucket = -Infinity;
  /** Counts for the finding's trace: segments swept, candidate pairs compared, pairs measured exactly. */
  segments = 0;
  comparisons = 0;
  withinOnPlane = 0;
  geodesics = 0;

  constructor(
    private readonly searchM: number,
    private readonly maxGapMs: number,
    private readonly assetCount: number,
    private readonly onEncounter: (encounter: Encounter) => void,
  ) {
    this.cellDeg = Math.max(searchM / MIN_M_PER_DEG, MIN_CELL_DEG);
    this.padLat = searchM / MIN_M_PER_DEG;
    this.bucketMs = Math.max(maxGapMs, 60_000);
  }

  /** A segment of `asset` from row `rowA` (time t0, lon0, lat0) to row `rowB`; segments come in order of t1. */
  add(asset: number, side: number, rowA: number, rowB: number, t0: number, t1: number, lon0: number, lat0: number, lon1: number, lat1: number): void {
    this.segments++;
    const bucket = Math.floor(t1 / this.bucketMs);
    if (bucket !== this.currentBucket) this.advance(bucket);
    const id = this.store(asset, side, rowA, rowB, t0, t1, lon0, lat0, lon1, lat1);
    const q = ++this.query;
    const latLo = Math.min(lat0, lat1);
    const latHi = Math.max(lat0, lat1);
    const lonLo = Math.min(lon0, lon1);
    const lonHi = Math.max(lon0, lon1);
    const c = this.cellDeg;
    // The box grown by the radius: as many degrees of latitude, and as many metres east-west.
    const cos = Math.max(0.05, Math.cos((Math.min(89.9, Math.max(Math.abs(latLo - c), Math.abs(latHi + c))) * Math.PI) / 180));
    const gx0 = Math.floor((lonLo - c / cos) / c) + CELL_OFFSET;
    const gx1 = Math.floor((lonHi + c / cos) / c) + CELL_OFFSET;
    const gy0 = Math.floor((latLo - c) / c) + CELL_OFFSET;
    const gy1 = Math.floor((latHi + c) / c) + CELL_OFFSET;
    if ((gx1 - gx0 + 1) * (gy1 - gy0 + 1) > WIDE_CELLS) {
      // A wide segment (a jump between far-apart fixes) meets every live segment, not its cells.
      for (let o = id - 1; o >= this.live; o--) {
        if (this.t1[o - this.start]! < t0) break;
        this.consider(id, o, q);
      }
      this.wide.push(id);
      return;
    }
    this.meet(id, this.wide, q);
    // Segments go in under their box grown by the radius and are looked for under their own box.
    const x0 = Math.floor(lonLo / c) + CELL_OFFSET;
    const x1 = Math.floor(lonHi / c) + CELL_OFFSET;
    const y0 = Math.floor(latLo / c) + CELL_OFFSET;
    const y1 = Math.floor(latHi / c) + CELL_OFFSET;
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const cell = this.cells.get(x * CELL_SPAN + y);
        if (cell) this.meet(id, cell, q);
      }
    for (let x = gx0; x <= gx1; x++)
      for (let y = gy0; y <= gy1; y++) {
        const k = x * CELL_SPAN + y;
        const cell = this.cells.get(k);
        if (cell) cell.push(id);
        else this.cells.set(k, [id]);
      }
  }

  private store(asset: number, side: number, rowA: number, rowB: number, t0: number, t1: number, lon0: number, lat0: number, lon1: number, lat1: number): number {
    if (this.next - this.start === this.cap) this.makeRoom();
    const i = this.next - this.start;
    this.asset[i] = asset;
    this.side[i] = side;
    this.rowA[i] = rowA;
    this.rowB[i] = rowB;
    this.t0[i] = t0;
    this.t1[i] = t1;
    this.lon0[i] = lon0;
    this.lat0[i] = lat0;
    this.lon1[i] = lon1;
    this.lat1[i] = lat1;
    this.seen[i] = 0;
    return this.next++;
  }

  /** Drops the dead segments' slots, and doubles the columns if the live ones fill more than half. */
  private makeRoom(): void {
    const drop = this.live - this.start;
    const keep = this.next - this.live;
    const cap = keep * 2 > this.cap ? this.cap * 2 : this.cap;
    const move = <T extends Int32Array | Int8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      if (cap === this.cap) {
        a.copyWithin(0, drop, drop + keep);
        return a;
      }
      const b = make(cap);
      b.set(a.subarray(drop, drop + keep));
      return b;
    };
    this.asset = move(this.asset, (n) => new Int32Array(n));
    this.side = move(this.side, (n) => new Int8Array(n));
    this.rowA = move(this.rowA, (n) => new Int32Array(n));
    this.rowB = move(this.rowB, (n) => new Int32Array(n));
    this.t0 = move(this.t0, (n) => new Float64Array(n));
    this.t1 = move(this.t1, (n) => new Float64Array(n));
    this.lon0 = move(this.lon0, (n) => new Float64Array(n));
    this.lat0 = move(this.lat0, (n) => new Float64Array(n));
    this.lon1 = move(this.lon1, (n) => new Float64Array(n));
    this.lat1 = move(this.lat1, (n) => new Float64Array(n));
    this.seen = move(this.seen, (n) => new Int32Array(n));
    this.cap = cap;
    this.start = this.live;
  }

  /**
   * Compares segment `id` with those of a list that overlap it in time. Lists fill in the order of
   * end times, so walking back from the newest, the first one that ended before `id` began ends the
   * candidates; dead numbers at the head of the list are dropped.
   */
  private meet(id: number, list: number[], q: number): void {
    const t0 = this.t0[id - this.start]!;
    for (let i = list.length - 1; i >= 0; i--) {
      const o = list[i]!;
      if (o < this.live) {
        list.splice(0, i + 1);
        return;
      }
      if (this.t1[o - this.start]! < t0) break;
      this.consider(id, o, q);
    }
    if (list.length && list[0]! < this.live) {
      let k = 1;
      while (k < list.length && list[k]! < this.live) k++;
      list.splice(0, k);
    }
  }

  private consider(id: number, o: number, q: number): void {
    const i = id - this.start;
    const j = o - this.start;
    if (this.side[j] === this.side[i] || this.asset[j] === this.asset[i] || this.seen[j] === q) return;
    this.seen[j] = q;
    this.comparisons++;
    // Latitudes further apart than the radius (in the shortest degree of latitude, the equator's)
    // put every point of one segment beyond it from every point of the other: no plane is needed.
    const lat = this.lat0;
    const lat1 = this.lat1;
    if (Math.min(lat[j]!, lat1[j]!) - Math.max(lat[i]!, lat1[i]!) > this.padLat || Math.min(lat[i]!, lat1[i]!) - Math.max(lat[j]!, lat1[j]!) > this.padLat) return;
    // The first side's segment first.
    const x = this.side[j]! < this.side[i]! ? j : i;
    const y = x === j ? i : j;
    this.fill(this.sa, x);
    this.fill(this.sb, y);
    const cpa = planeApproach(this.sa, this.sb, this.searchM);
    if (cpa === undefined) return;
    this.withinOnPlane++;
    // A pair the plane puts well within the radius is a contact: its geodesic waits until it could
    // be its encounter's closest. Near the radius only the geodesic can say.
    if (planeUpper(cpa.plane) > this.searchM) {
      this.geodesics++;
      if (measure(cpa) > this.searchM) return;
    }
    const a: SegRef = { asset: this.asset[x]!, side: this.side[x]!, rowA: this.rowA[x]!, rowB: this.rowB[x]! };
    const b: SegRef = { asset: this.asset[y]!, side: this.side[y]!, rowA: this.rowA[y]!, rowB: this.rowB[y]! };
    const key = a.asset * this.assetCount + b.asset;
    const pair = this.pairs.get(key);
    if (pair) pair.fresh.push({ a, b, cpa });
    else this.pairs.set(key, { fresh: [{ a, b, cpa }], open: undefined });
  }

  private fill(s: Seg, i: number): void {
    s.t0 = this.t0[i]!;
    s.t1 = this.t1[i]!;
    s.lon0 = this.lon0[i]!;
    s.lat0 = this.lat0[i]!;
    s.lon1 = this.lon1[i]!;
    s.lat1 = this.lat1[i]!;
  }

  /** Every open pair closes: the data has ended. */
  finish(): void {
    for (const p of this.pairs.values()) {
      this.fold(p, p.fresh);
      if (p.open) this.emit(p.open);
    }
    this.pairs.clear();
    this.cells.clear();
    this.wide = [];
    this.live = this.next;
  }

  private advance(bucket: number): void {
    this.currentBucket = bucket;
    // Segments that ended before the previous bucket began are dead (their ends come in order), and
    // no contact still to be found has its instant before then.
    const horizon = (bucket - 1) * this.bucketMs;
    while (this.live < this.next && this.t1[this.live - this.start]! < horizon) this.live++;
    for (const [k, p] of this.pairs) {
      if (p.fresh.length) {
        const final = p.fresh.filter((c) => c.cpa.time < horizon);
        if (final.length) {
          p.fresh = final.length === p.fresh.length ? [] : p.fresh.filter((c) => c.cpa.time >= horizon);
          this.fold(p, final);
        }
      }
      if (p.open && p.open.to + this.maxGapMs < horizon) {
        this.emit(p.open);
        p.open = undefined;
      }
      if (!p.open && !p.fresh.length) this.pairs.delete(k);
    }
  }

  /**
   * Folds final contacts (all later than any folded before) into the pair's encounters, in order of
   * instant. Contacts the plane alone accepted are measured only if they could be their encounter's
   * closest, in the order of the least their geodesic can be, until that least exceeds the closest.
   */
  private fold(p: OpenPair, contacts: Contact[]): void {
    contacts.sort((x, y) => x.cpa.time - y.cpa.time || x.a.rowA - y.a.rowA || x.b.rowA - y.b.rowA);
    let waiting: Contact[] = [];
    for (const c of contacts) {
      let e = p.open;
      if (e && c.cpa.time - e.to > this.maxGapMs) {
        this.settle(e, waiting);
        waiting = [];
        this.emit(e);
        e = undefined;
      }
      if (!e) e = p.open = { closest: undefined, closestM: Infinity, from: c.cpa.time, to: c.cpa.time, contacts: 0, rows: [], seen: new Set() };
      e.to = c.cpa.time;
      e.contacts++;
      cite(e, c.a.rowA);
      cite(e, c.a.rowB);
      cite(e, c.b.rowA);
      cite(e, c.b.rowB);
      if (Number.isNaN(c.cpa.metres)) waiting.push(c);
      else if (c.cpa.metres < e.closestM) {
        e.closest = c;
        e.closestM = c.cpa.metres;
      }
    }
    if (p.open) this.settle(p.open, waiting);
  }

  /** Measures the waiting contacts (in instant order) that could be the encounter's closest. */
  private settle(e: OpenEncounter, waiting: Contact[]): void {
    if (!waiting.length) return;
    const order = waiting.map((c, i) => i).sort((x, y) => waiting[x]!.cpa.plane - waiting[y]!.cpa.plane || x - y);
    let found: { c: Contact; i: number } | undefined;
    for (const i of order) {
      const c = waiting[i]!;
      if (planeLower(c.cpa.plane) > e.closestM) break;
      this.geodesics++;
      const m = measure(c.cpa);
      // Among equals the earliest: a contact folded before this batch, or the earliest of the batch.
      if (m < e.closestM || (m === e.closestM && found && i < found.i)) {
        e.closest = c;
        e.closestM = m;
        found = { c, i };
      }
    }
  }

  private emit(e: OpenEncounter): void {
    this.onEncounter({ closest: e.closest!, from: e.from, to: e.to, contacts: e.contacts, rows: e.rows, rowCount: e.seen.size });
  }
}

function cite(e: OpenEncounter, row: number): void {
  if (e.seen.has(row)) return;
  e.seen.add(row);
  if (e.rows.length < MAX_EVIDENCE) e.rows.push(row);
}
