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
 * Segments live in typed arrays (a record of what the search reads of a candidate, side by side),
 * numbered in arrival order, so the live ones are one window of numbers that slides forward as
 * buckets pass. A segment is listed under the cells of its own box (usually one), in its side's list
 * of the cell, and looks for others in the other sides' lists under its box grown by the radius; the
 * dead numbers at the head of a list (below the window) are dropped when the list is next visited. Nothing is
 * allocated per segment but its number in its cells, and nothing per compared pair.
 *
 * Encounters. A contact found now has its instant no earlier than the start of the previous bucket
 * (its later segment ends in this bucket and spans at most one), so at each new bucket the contacts
 * with instants before that are final: they are sorted by instant and folded into the pair's open
 * encounter (a contact is a few numbers in its pair's list: its instant, its flat distance, its
 * metres once measured, its four rows; only an encounter's closest becomes an object), which ends where they lose touch for longer than `maxGap` — the same encounters as
 * sorting all contacts at the end, while only the last two buckets' contacts are held. An encounter
 * keeps what its finding needs: its span, its count of contacts, its closest contact, and the rows
 * its contacts cite (the first MAX_EVIDENCE in order, and how many in all). Two ships moored side
 * by side for a year are one encounter that holds a year of row numbers, not a year of contacts.
 * The owner says below what distance an encounter matters to it (`reportBelow`: a finding's risk
 * distance, or the closest so far while nothing is that close); an encounter whose contacts' flat
 * distances all put it beyond is counted and dropped without a geodesic.
 *
 * Cost: per segment, the cells of its box grown by the search radius (few: cells are as wide as
 * the radius); per candidate pair, a test of the boxes' distance apart, then the plane's closest
 * approach; the exact geodesic only for pairs whose flat distance (cpa.ts: within 1e-4 of the
 * geodesic) is within a metre or two of the radius, and for each encounter the contacts whose flat
 * distance could make them its closest.
 */
import { MAX_EVIDENCE } from '../../finding.js';
import { approachInto, flatLower, flatUpper, measure, planeApproach, type PlaneApproach, type Seg } from './cpa.js';

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
  cpa: PlaneApproach;
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

/** The positions the segments' rows index. */
export interface TrackColumns {
  time: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
}

// A contact in a pair's list: CONTACT numbers, at these offsets.
const C_TIME = 0;
const C_FLAT = 1;
/** NaN while only the flat distance bounds it (see `fold`). */
const C_METRES = 2;
const C_A0 = 3;
const C_A1 = 4;
const C_B0 = 5;
const C_B1 = 6;
const CONTACT = 7;

/**
 * Contacts as numbers, CONTACT to a contact, in one growing buffer: pushing a contact allocates only
 * when the buffer doubles, and emptying it keeps the buffer for the next ones.
 */
class ContactList {
  buf = new Float64Array(CONTACT * 4);
  /** Numbers in use (CONTACT per contact). */
  n = 0;

  get count(): number {
    return this.n / CONTACT;
  }

  push(time: number, flat: number, metres: number, a0: number, a1: number, b0: number, b1: number): void {
    if (this.n + CONTACT > this.buf.length) {
      const grown = new Float64Array(this.buf.length * 2);
      grown.set(this.buf.subarray(0, this.n));
      this.buf = grown;
    }
    const b = this.buf;
    const i = this.n;
    b[i + C_TIME] = time;
    b[i + C_FLAT] = flat;
    b[i + C_METRES] = metres;
    b[i + C_A0] = a0;
    b[i + C_A1] = a1;
    b[i + C_B0] = b0;
    b[i + C_B1] = b1;
    this.n = i + CONTACT;
  }

  /** Appends contact `at` of another list. */
  take(from: Float64Array, at: number): void {
    this.push(from[at + C_TIME]!, from[at + C_FLAT]!, from[at + C_METRES]!, from[at + C_A0]!, from[at + C_A1]!, from[at + C_B0]!, from[at + C_B1]!);
  }
}

interface OpenEncounter {
  /** The closest contact's numbers (a copy), once there is one. */
  closest: Float64Array | undefined;
  closestM: number;
  /** Where the closest sits in the batch being folded, or -1 if it came from an earlier batch. */
  closestAt: number;
  from: number;
  to: number;
  contacts: number;
  rows: number[];
  seen: Set<number>;
  /** Some contact was left unmeasured because its flat distance put it beyond `reportBelow` then. */
  beyond: boolean;
}

interface OpenPair {
  key: number;
  /** The first side's asset and the other's. */
  a: number;
  sideA: number;
  b: number;
  sideB: number;
  /** Contacts not yet final, in the order found. */
  fresh: ContactList;
  open: OpenEncounter | undefined;
}

/** Spare contact lists kept at most (a list that once grew large keeps its buffer). */
const MAX_SPARE_LISTS = 4096;

/** Metres per degree of latitude, the smallest on WGS84 (at the equator): pads never fall short. */
const MIN_M_PER_DEG = 110_570;
/** Metres per degree of longitude on the equator's circle (WGS84's semi-major axis): a parallel's is this times its cosine, or more. */
const EQUATOR_M_PER_DEG = (6_378_137 * Math.PI) / 180;
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

// A segment's record in the sweep, REC numbers at these offsets: what the search reads of a
// candidate, side by side, so that testing one touches one or two cache lines, not eight arrays.
const R_T0 = 0;
const R_T1 = 1;
const R_LAT_LO = 2;
const R_LAT_HI = 3;
const R_LON_LO = 4;
const R_LON_HI = 5;
/** Metres per degree of longitude, at least, anywhere within the radius of the segment. */
const R_M_LON = 6;
const R_ASSET = 7;
const REC = 8;
// Its ends, in its own record (read only for the pairs whose boxes pass).
const E_LON0 = 0;
const E_LAT0 = 1;
const E_LON1 = 2;
const E_LAT1 = 3;
const ENDS = 4;

export class ContactSweep {
  private readonly cellDeg: number;
  /** Latitude apart beyond which two segments cannot come within the search radius. */
  private readonly padLat: number;
  private readonly bucketMs: number;
  /** Per cell, one list per side: a segment looks only in the other sides' lists. */
  private readonly cells = new Map<number, number[][]>();
  private wide: number[][];
  // Segment records; slot i holds segment number `start + i`.
  private start = 0;
  private next = 0;
  /** The first live segment number: every one below it ended before the last bucket began. */
  private live = 0;
  private cap = 1024;
  private rec = new Float64Array(this.cap * REC);
  private ends = new Float64Array(this.cap * ENDS);
  private side = new Int8Array(this.cap);
  private rowA = new Int32Array(this.cap);
  private rowB = new Int32Array(this.cap);
  /** The last query that met each segment: a candidate in several cells is compared once. */
  private seen = new Int32Array(this.cap);
  private query = 0;
  /** Two segments handed to approachInto, refilled for every comparison, and the approach it fills. */
  private readonly sa: Seg = { t0: 0, t1: 0, lon0: 0, lat0: 0, lon1: 0, lat1: 0 };
  private readonly sb: Seg = { t0: 0, t1: 0, lon0: 0, lat0: 0, lon1: 0, lat1: 0 };
  private readonly ap: PlaneApproach = { time: 0, metres: NaN, plane: 0, flat: 0, lonA: 0, latA: 0, lonB: 0, latB: 0, closingA: 0, closingB: 0 };
  /** Asset pairs with contacts not yet final or an encounter still open, by key and in a list to walk. */
  private readonly pairs = new Map<number, OpenPair>();
  private pairList: OpenPair[] = [];
  private currentBucket = -Infinity;
  /** Scratch of `advance`: the contacts of a pair that became final. */
  private readonly final = new ContactList();
  /** The contact lists of pairs that lost touch, empty, for the next pairs: a typed array costs more to make than to fill. */
  private readonly spareLists: ContactList[] = [];
  /** Scratch of `fold`: a batch's contacts in instant order, as offsets into its list, and those waiting for a geodesic. */
  private order = new Int32Array(64);
  private readonly waiting: number[] = [];
  /** Scratch of `settle`: the two segments and the approach of a contact worked out again. */
  private readonly ra: Seg = { t0: 0, t1: 0, lon0: 0, lat0: 0, lon1: 0, lat1: 0 };
  private readonly rb: Seg = { t0: 0, t1: 0, lon0: 0, lat0: 0, lon1: 0, lat1: 0 };
  private readonly rap: PlaneApproach = { time: 0, metres: NaN, plane: 0, flat: 0, lonA: 0, latA: 0, lonB: 0, latB: 0, closingA: 0, closingB: 0 };
  /** Counts for the finding's trace: segments swept, candidate pairs compared, pairs measured exactly. */
  segments = 0;
  comparisons = 0;
  withinOnPlane = 0;
  geodesics = 0;
  encounters = 0;
  /** Encounters counted but not handed over: none of their contacts could come within `reportBelow`. */
  unreported = 0;
  /**
   * Only an encounter that may come closer than this is measured and handed over; the others are
   * counted. The owner lowers it as it learns what it needs (the risk distance, or the closest so
   * far when nothing is that close): most encounters are far above it, and their closest contacts'
   * geodesics would be measured only to be dropped. It must never rise.
   */
  reportBelow = Infinity;

  constructor(
    private readonly searchM: number,
    private readonly maxGapMs: number,
    private readonly assetCount: number,
    private readonly sideCount: number,
    private readonly track: TrackColumns,
    private readonly onEncounter: (encounter: Encounter) => void,
  ) {
    this.cellDeg = Math.max(searchM / MIN_M_PER_DEG, MIN_CELL_DEG);
    this.padLat = searchM / MIN_M_PER_DEG;
    this.bucketMs = Math.max(maxGapMs, 60_000);
    this.wide = this.sideLists();
  }

  private sideLists(): number[][] {
    return Array.from({ length: this.sideCount }, () => []);
  }

  /** A segment of `asset` from row `rowA` to row `rowB` of the track columns; segments come in order of their end times. */
  add(asset: number, side: number, rowA: number, rowB: number): void {
    this.segments++;
    const { time, lon, lat } = this.track;
    const t1 = time[rowB]!;
    const bucket = Math.floor(t1 / this.bucketMs);
    if (bucket !== this.currentBucket) this.advance(bucket);
    const lon0 = lon[rowA]!;
    const lat0 = lat[rowA]!;
    const lon1 = lon[rowB]!;
    const lat1 = lat[rowB]!;
    const latLo = Math.min(lat0, lat1);
    const latHi = Math.max(lat0, lat1);
    const lonLo = Math.min(lon0, lon1);
    const lonHi = Math.max(lon0, lon1);
    const c = this.cellDeg;
    // The box grown by the radius: as many degrees of latitude, and as many metres east-west.
    const reach = Math.max(Math.abs(latLo - c), Math.abs(latHi + c));
    const cos = Math.max(0.05, Math.cos((Math.min(89.9, reach) * Math.PI) / 180));
    const mLon = EQUATOR_M_PER_DEG * Math.max(0, Math.cos((Math.min(90, reach) * Math.PI) / 180));
    const id = this.store(asset, side, rowA, rowB, time[rowA]!, t1, lon0, lat0, lon1, lat1, lonLo, lonHi, latLo, latHi, mLon);
    const q = ++this.query;
    const gx0 = Math.floor((lonLo - c / cos) / c) + CELL_OFFSET;
    const gx1 = Math.floor((lonHi + c / cos) / c) + CELL_OFFSET;
    const gy0 = Math.floor((latLo - c) / c) + CELL_OFFSET;
    const gy1 = Math.floor((latHi + c) / c) + CELL_OFFSET;
    const sides = this.sideCount;
    if ((gx1 - gx0 + 1) * (gy1 - gy0 + 1) > WIDE_CELLS) {
      // A wide segment (a jump between far-apart fixes) meets every live segment, not its cells.
      const rec = this.rec;
      const t0 = rec[(id - this.start) * REC + R_T0]!;
      for (let o = id - 1; o >= this.live; o--) {
        if (rec[(o - this.start) * REC + R_T1]! < t0) break;
        if (this.side[o - this.start] !== side) this.consider(id, o, q);
      }
      this.wide[side]!.push(id);
      return;
    }
    for (let s = 0; s < sides; s++) if (s !== side) this.meet(id, this.wide[s]!, q);
    // Segments are listed under their own box and look for others under their box grown by the
    // radius: a pair within the radius shares a cell of the one's grown box and the other's box.
    for (let x = gx0; x <= gx1; x++)
      for (let y = gy0; y <= gy1; y++) {
        const cell = this.cells.get(x * CELL_SPAN + y);
        if (cell) for (let s = 0; s < sides; s++) if (s !== side) this.meet(id, cell[s]!, q);
      }
    const x1 = Math.floor(lonHi / c) + CELL_OFFSET;
    const y1 = Math.floor(latHi / c) + CELL_OFFSET;
    for (let x = Math.floor(lonLo / c) + CELL_OFFSET; x <= x1; x++)
      for (let y = Math.floor(latLo / c) + CELL_OFFSET; y <= y1; y++) {
        const k = x * CELL_SPAN + y;
        let cell = this.cells.get(k);
        if (!cell) this.cells.set(k, (cell = this.sideLists()));
        const list = cell[side]!;
        // The other sides' queries trim this list; a cell only this side visits is trimmed here.
        if (list.length && list[0]! < this.live) this.dropDead(list);
        list.push(id);
      }
  }

  private store(asset: number, side: number, rowA: number, rowB: number, t0: number, t1: number, lon0: number, lat0: number, lon1: number, lat1: number, lonLo: number, lonHi: number, latLo: number, latHi: number, mLon: number): number {
    if (this.next - this.start === this.cap) this.makeRoom();
    const i = this.next - this.start;
    const r = i * REC;
    const rec = this.rec;
    rec[r + R_T0] = t0;
    rec[r + R_T1] = t1;
    rec[r + R_LAT_LO] = latLo;
    rec[r + R_LAT_HI] = latHi;
    rec[r + R_LON_LO] = lonLo;
    rec[r + R_LON_HI] = lonHi;
    rec[r + R_M_LON] = mLon;
    rec[r + R_ASSET] = asset;
    const e = i * ENDS;
    this.ends[e + E_LON0] = lon0;
    this.ends[e + E_LAT0] = lat0;
    this.ends[e + E_LON1] = lon1;
    this.ends[e + E_LAT1] = lat1;
    this.side[i] = side;
    this.rowA[i] = rowA;
    this.rowB[i] = rowB;
    this.seen[i] = 0;
    return this.next++;
  }

  /** Drops the dead segments' slots, and doubles the records if the live ones fill more than half. */
  private makeRoom(): void {
    const drop = this.live - this.start;
    const keep = this.next - this.live;
    const cap = keep * 2 > this.cap ? this.cap * 2 : this.cap;
    const move = <T extends Int32Array | Int8Array | Float64Array>(a: T, per: number, make: (n: number) => T): T => {
      if (cap === this.cap) {
        a.copyWithin(0, drop * per, (drop + keep) * per);
        return a;
      }
      const b = make(cap * per);
      b.set(a.subarray(drop * per, (drop + keep) * per));
      return b;
    };
    this.rec = move(this.rec, REC, (n) => new Float64Array(n));
    this.ends = move(this.ends, ENDS, (n) => new Float64Array(n));
    this.side = move(this.side, 1, (n) => new Int8Array(n));
    this.rowA = move(this.rowA, 1, (n) => new Int32Array(n));
    this.rowB = move(this.rowB, 1, (n) => new Int32Array(n));
    this.seen = move(this.seen, 1, (n) => new Int32Array(n));
    this.cap = cap;
    this.start = this.live;
  }

  /**
   * Compares segment `id` with those of another side's list that overlap it in time. Lists fill in
   * the order of end times, so walking back from the newest, the first one that ended before `id`
   * began ends the candidates (dead numbers, below the window, all did); they are then dropped.
   */
  private meet(id: number, list: number[], q: number): void {
    const rec = this.rec;
    const start = this.start;
    const t0 = rec[(id - start) * REC + R_T0]!;
    for (let i = list.length - 1; i >= 0; i--) {
      const o = list[i]!;
      // (Dead first: a dead number's slot may already have been given up.)
      if (o < this.live || rec[(o - start) * REC + R_T1]! < t0) break;
      this.consider(id, o, q);
    }
    if (list.length && list[0]! < this.live) this.dropDead(list);
  }

  /** Removes the dead numbers at the head of a list, in place (no array is made). */
  private dropDead(list: number[]): void {
    let k = 1;
    while (k < list.length && list[k]! < this.live) k++;
    list.copyWithin(0, k);
    list.length -= k;
  }

  /** Compares segment `id` with `o`, of another side. */
  private consider(id: number, o: number, q: number): void {
    const i = id - this.start;
    const j = o - this.start;
    const rec = this.rec;
    const ri = i * REC;
    const rj = j * REC;
    if (rec[rj + R_ASSET] === rec[ri + R_ASSET] || this.seen[j] === q) return;
    this.seen[j] = q;
    this.comparisons++;
    // Boxes further apart than the radius put every point of one segment beyond it from every point
    // of the other: a path between two latitudes is at least the meridian between them, and one
    // between two longitudes at least the parallel furthest from the equator it can reach.
    if (rec[rj + R_LAT_LO]! - rec[ri + R_LAT_HI]! > this.padLat || rec[ri + R_LAT_LO]! - rec[rj + R_LAT_HI]! > this.padLat) return;
    const lonGap = Math.max(rec[rj + R_LON_LO]! - rec[ri + R_LON_HI]!, rec[ri + R_LON_LO]! - rec[rj + R_LON_HI]!);
    // (A gap over 180 degrees is the short way round the other side: not tested.)
    if (lonGap <= 180 && lonGap * Math.min(rec[ri + R_M_LON]!, rec[rj + R_M_LON]!) > this.searchM) return;
    // The first side's segment first.
    const x = this.side[j]! < this.side[i]! ? j : i;
    const y = x === j ? i : j;
    this.fill(this.sa, x);
    this.fill(this.sb, y);
    const ap = this.ap;
    if (!approachInto(this.sa, this.sb, this.searchM, ap)) return;
    this.withinOnPlane++;
    // A pair whose flat distance puts it surely within the radius is a contact: its geodesic waits
    // until it could be its encounter's closest. Near the radius only the geodesic can say.
    let metres = NaN;
    if (flatUpper(ap.flat) > this.searchM) {
      if (flatLower(ap.flat) > this.searchM) return;
      this.geodesics++;
      metres = measure(ap);
      if (metres > this.searchM) return;
    }
    const ax = rec[x * REC + R_ASSET]!;
    const ay = rec[y * REC + R_ASSET]!;
    const key = ax * this.assetCount + ay;
    let pair = this.pairs.get(key);
    if (!pair) {
      pair = { key, a: ax, sideA: this.side[x]!, b: ay, sideB: this.side[y]!, fresh: this.spareLists.pop() ?? new ContactList(), open: undefined };
      this.pairs.set(key, pair);
      this.pairList.push(pair);
    }
    pair.fresh.push(ap.time, ap.flat, metres, this.rowA[x]!, this.rowB[x]!, this.rowA[y]!, this.rowB[y]!);
  }

  private fill(s: Seg, i: number): void {
    const r = i * REC;
    const e = i * ENDS;
    s.t0 = this.rec[r + R_T0]!;
    s.t1 = this.rec[r + R_T1]!;
    s.lon0 = this.ends[e + E_LON0]!;
    s.lat0 = this.ends[e + E_LAT0]!;
    s.lon1 = this.ends[e + E_LON1]!;
    s.lat1 = this.ends[e + E_LAT1]!;
  }

  /** Every open pair closes: the data has ended. */
  finish(): void {
    for (const p of this.pairList) {
      if (p.fresh.n) this.fold(p, p.fresh);
      if (p.open) this.emit(p, p.open);
    }
    this.pairs.clear();
    this.pairList = [];
    this.cells.clear();
    this.wide = this.sideLists();
    this.live = this.next;
  }

  private advance(bucket: number): void {
    this.currentBucket = bucket;
    // Segments that ended before the previous bucket began are dead (their ends come in order), and
    // no contact still to be found has its instant before then.
    const horizon = (bucket - 1) * this.bucketMs;
    while (this.live < this.next && this.rec[(this.live - this.start) * REC + R_T1]! < horizon) this.live++;
    // The list is walked by index and closed up in place: pairs that are done leave it.
    const list = this.pairList;
    let live = 0;
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!;
      const fresh = p.fresh;
      if (fresh.n) {
        // Final contacts move to the scratch list; the others close up at the front of `fresh`.
        const final = this.final;
        final.n = 0;
        const b = fresh.buf;
        let kept = 0;
        for (let c = 0; c < fresh.n; c += CONTACT) {
          if (b[c + C_TIME]! < horizon) final.take(b, c);
          else {
            if (kept !== c) b.copyWithin(kept, c, c + CONTACT);
            kept += CONTACT;
          }
        }
        fresh.n = kept;
        if (final.n) this.fold(p, final);
      }
      if (p.open && p.open.to + this.maxGapMs < horizon) {
        this.emit(p, p.open);
        p.open = undefined;
      }
      if (!p.open && !p.fresh.n) {
        this.pairs.delete(p.key);
        if (this.spareLists.length < MAX_SPARE_LISTS) this.spareLists.push(p.fresh);
      }
      else list[live++] = p;
    }
    list.length = live;
  }

  /**
   * Folds final contacts (all later than any folded before) into the pair's encounters, in order of
   * instant. Contacts the flat distance alone accepted are measured only if they could be their
   * encounter's closest, in the order of the least their geodesic can be, until that least exceeds
   * the closest.
   */
  private fold(p: OpenPair, contacts: ContactList): void {
    const count = contacts.count;
    const list = contacts.buf;
    const order = this.sortByInstant(list, count);
    const waiting = this.waiting;
    waiting.length = 0;
    for (let n = 0; n < count; n++) {
      const c = order[n]!;
      const time = list[c + C_TIME]!;
      let e = p.open;
      if (e && time - e.to > this.maxGapMs) {
        this.settle(p, e, list, waiting, order);
        waiting.length = 0;
        this.emit(p, e);
        e = undefined;
      }
      if (!e) e = p.open = { closest: undefined, closestM: Infinity, closestAt: -1, from: time, to: time, contacts: 0, rows: [], seen: new Set(), beyond: false };
      e.to = time;
      e.contacts++;
      cite(e, list[c + C_A0]!);
      cite(e, list[c + C_A1]!);
      cite(e, list[c + C_B0]!);
      cite(e, list[c + C_B1]!);
      const m = list[c + C_METRES]!;
      if (Number.isNaN(m)) waiting.push(n);
      else if (m < e.closestM) this.choose(e, list, c, n);
    }
    if (p.open) {
      this.settle(p, p.open, list, waiting, order);
      p.open.closestAt = -1;
    }
  }

  /**
   * The offsets of a batch's contacts in order of instant (then rows). Contacts are found nearly in
   * that order, so an insertion sort does it in about one pass; a large batch goes to the library sort.
   */
  private sortByInstant(list: Float64Array, count: number): Int32Array {
    if (this.order.length < count) this.order = new Int32Array(Math.max(count, this.order.length * 2));
    const order = this.order.subarray(0, count);
    for (let i = 0; i < count; i++) order[i] = i * CONTACT;
    const before = (x: number, y: number) => list[x + C_TIME]! - list[y + C_TIME]! || list[x + C_A0]! - list[y + C_A0]! || list[x + C_B0]! - list[y + C_B0]!;
    if (count > 256) return order.sort(before);
    for (let i = 1; i < count; i++) {
      const c = order[i]!;
      let j = i - 1;
      while (j >= 0 && before(order[j]!, c) > 0) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = c;
    }
    return order;
  }

  private choose(e: OpenEncounter, list: Float64Array, c: number, n: number): void {
    e.closest = list.slice(c, c + CONTACT);
    e.closestM = list[c + C_METRES]!;
    e.closestAt = n;
  }

  /**
   * Measures the waiting contacts (positions `waiting` in the batch's `order`) that could be the
   * encounter's closest. Among equals the earliest wins: one from an earlier batch, or the earliest
   * in this batch's order.
   */
  private settle(p: OpenPair, e: OpenEncounter, list: Float64Array, waiting: number[], order: Int32Array): void {
    if (!waiting.length) return;
    waiting.sort((x, y) => list[order[x]! + C_FLAT]! - list[order[y]! + C_FLAT]! || x - y);
    for (const n of waiting) {
      const c = order[n]!;
      const least = flatLower(list[c + C_FLAT]!);
      if (least > e.closestM) break;
      if (least > this.reportBelow) {
        e.beyond = true;
        break;
      }
      this.geodesics++;
      const m = (list[c + C_METRES] = measure(this.approachOf(p, list, c, this.rap)));
      if (m < e.closestM || (m === e.closestM && e.closestAt >= 0 && n < e.closestAt)) this.choose(e, list, c, n);
    }
  }

  /** A contact's approach, worked out again from its rows (the same numbers as when it was found), into `out` or a new one. */
  private approachOf(p: OpenPair, c: ArrayLike<number>, at: number, out?: PlaneApproach): PlaneApproach {
    const { time, lon, lat } = this.track;
    const segOf = (s: Seg, r0: number, r1: number): Seg => {
      s.t0 = time[r0]!;
      s.t1 = time[r1]!;
      s.lon0 = lon[r0]!;
      s.lat0 = lat[r0]!;
      s.lon1 = lon[r1]!;
      s.lat1 = lat[r1]!;
      return s;
    };
    const a = segOf(this.ra, c[at + C_A0]!, c[at + C_A1]!);
    const b = segOf(this.rb, c[at + C_B0]!, c[at + C_B1]!);
    const ap = out ?? planeApproach(a, b);
    if (ap && (!out || approachInto(a, b, Infinity, out))) return ap;
    throw new Error(`separation: a contact of assets ${p.a} and ${p.b} no longer overlaps in time`);
  }

  private emit(p: OpenPair, e: OpenEncounter): void {
    this.encounters++;
    // Contacts left unmeasured were beyond reportBelow when skipped, so beyond it now (it never
    // rises): the measured closest is the encounter's closest if it is within reportBelow, and if
    // it is not, nothing of the encounter is, and it is not handed over.
    const c = e.closest;
    if (!c || (e.beyond && !(e.closestM <= this.reportBelow))) {
      this.unreported++;
      return;
    }
    const cpa = this.approachOf(p, c, 0);
    cpa.metres = c[C_METRES]!;
    const closest: Contact = {
      a: { asset: p.a, side: p.sideA, rowA: c[C_A0]!, rowB: c[C_A1]! },
      b: { asset: p.b, side: p.sideB, rowA: c[C_B0]!, rowB: c[C_B1]! },
      cpa,
    };
    this.onEncounter({ closest, from: e.from, to: e.to, contacts: e.contacts, rows: e.rows, rowCount: e.seen.size });
  }
}

function cite(e: OpenEncounter, row: number): void {
  if (e.seen.has(row)) return;
  e.seen.add(row);
  if (e.rows.length < MAX_EVIDENCE) e.rows.push(row);
}
