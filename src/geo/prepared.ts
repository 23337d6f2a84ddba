/**
 * Prepared point-in-polygon: a uniform grid over the edges, with the inside/outside state of every
 * cell's centre computed once by sweeping each row of cell centres against the edges that cross it.
 *
 * A query finds its cell. A cell no edge touches is wholly inside or outside: one array read. In a
 * cell that edges touch, the query counts how many of that cell's edges the short segment from the
 * cell centre to the point crosses, and flips the centre's state that many times. The vertex rule
 * is half-open (a vertex on the test segment's line counts as lying on its right), which makes a
 * segment passing exactly through a vertex count once for a crossing and zero or two times for a
 * touch, the same convention as the row sweep's horizontal rays. Rings are even-odd, so holes and
 * several polygons of one set need no bookkeeping. No allocation per query.
 *
 * Edges are straight lines in lon/lat (as GeoJSON, RFC 7946 sec. 3.1.1, and Natural Earth draw them);
 * rings are densified beforehand so these lines and the geodesics used for distances agree to about
 * a metre.
 */
import type { RingStore } from './store.js';

const MAX_CELLS = 4_000_000;
const CELLS_PER_EDGE = 16;

export class PreparedPolygons {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cw: number;
  private readonly ch: number;
  private readonly icw: number;
  private readonly ich: number;
  private readonly state: Uint8Array;
  private readonly cellStart: Int32Array;
  private readonly cellEdges: Int32Array;
  private readonly lon: Float64Array;
  private readonly lat: Float64Array;

  /** `edges` are edge ids of `store` (every edge of the rings, artificial ones included). */
  constructor(store: RingStore, edges: Int32Array) {
    this.lon = store.lon;
    this.lat = store.lat;
    const lon = store.lon;
    const lat = store.lat;
    const v0s = new Int32Array(edges.length);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let k = 0; k < edges.length; k++) {
      const v = store.edgeV0[edges[k]!]!;
      v0s[k] = v;
      for (const w of [v, v + 1]) {
        const x = lon[w]!;
        const y = lat[w]!;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    if (edges.length === 0) {
      minX = minY = 0;
      maxX = maxY = 0;
    }
    this.minX = minX;
    this.minY = minY;
    this.maxX = maxX;
    this.maxY = maxY;
    const W = Math.max(maxX - minX, 1e-9);
    const H = Math.max(maxY - minY, 1e-9);
    // Sixteen cells an edge: a query in a cell that edges touch counts crossings against all of
    // them, and AIS fixes crowd the coasts where edges do (on the bench's 1 M real positions the
    // NATO territorial sea answered 8 M tests/s with four cells an edge, 13 M/s with sixteen).
    const target = Math.min(MAX_CELLS, Math.max(16, edges.length * CELLS_PER_EDGE));
    let cs = Math.sqrt((W * H) / target);
    let nx = Math.max(1, Math.ceil(W / cs));
    let ny = Math.max(1, Math.ceil(H / cs));
    while (nx * ny > MAX_CELLS) {
      cs *= 1.2;
      nx = Math.max(1, Math.ceil(W / cs));
      ny = Math.max(1, Math.ceil(H / cs));
    }
    this.nx = nx;
    this.ny = ny;
    this.cw = W / nx;
    this.ch = H / ny;
    this.icw = 1 / this.cw;
    this.ich = 1 / this.ch;
    const nCells = nx * ny;

    // Bucket edges into the cells their bounding box overlaps (counting pass, then filling pass).
    const counts = new Int32Array(nCells + 1);
    const forEachCell = (k: number, f: (cell: number) => void) => {
      const v = v0s[k]!;
      const ax = lon[v]!;
      const ay = lat[v]!;
      const bx = lon[v + 1]!;
      const by = lat[v + 1]!;
      const c0 = this.col(Math.min(ax, bx));
      const c1 = this.col(Math.max(ax, bx));
      const r0 = this.row(Math.min(ay, by));
      const r1 = this.row(Math.max(ay, by));
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) f(r * nx + c);
    };
    for (let k = 0; k < v0s.length; k++) forEachCell(k, (cell) => counts[cell + 1]!++);
    for (let i = 0; i < nCells; i++) counts[i + 1]! += counts[i]!;
    this.cellStart = counts;
    const fill = counts.slice(0, nCells);
    this.cellEdges = new Int32Array(counts[nCells]!);
    for (let k = 0; k < v0s.length; k++) forEachCell(k, (cell) => (this.cellEdges[fill[cell]!++] = v0s[k]!));

    // Centre states: for each row of centres, the x where edges cross the row's latitude (half-open
    // in y, as the query's vertex rule), sorted; a centre is inside when an odd number lie east.
    const rowCount = new Int32Array(ny + 1);
    const rowsOf = (k: number, f: (row: number, x: number) => void) => {
      const v = v0s[k]!;
      const ax = lon[v]!;
      const ay = lat[v]!;
      const bx = lon[v + 1]!;
      const by = lat[v + 1]!;
      if (ay === by) return;
      const lo = Math.min(ay, by);
      const hi = Math.max(ay, by);
      // One row early: a centre exactly at the edge's low end (traced outlines put vertices on a
      // lattice, which centres can fall on) must be decided by the comparison below, not by how
      // the division rounds.
      let r = Math.max(0, Math.floor((lo - minY) * this.ich - 0.5));
      for (; r < ny; r++) {
        const y = minY + (r + 0.5) * this.ch;
        if (y >= hi) break;
        if (y < lo) continue;
        f(r, ax + ((y - ay) * (bx - ax)) / (by - ay));
      }
    };
    for (let k = 0; k < v0s.length; k++) rowsOf(k, (r) => rowCount[r + 1]!++);
    for (let r = 0; r < ny; r++) rowCount[r + 1]! += rowCount[r]!;
    const xs = new Float64Array(rowCount[ny]!);
    const rowFill = rowCount.slice(0, ny);
    for (let k = 0; k < v0s.length; k++) rowsOf(k, (r, x) => (xs[rowFill[r]!++] = x));
    this.state = new Uint8Array(nCells);
    for (let r = 0; r < ny; r++) {
      const s = rowCount[r]!;
      const t = rowCount[r + 1]!;
      const row = xs.subarray(s, t).sort();
      let p = 0;
      for (let c = 0; c < nx; c++) {
        const cx = minX + (c + 0.5) * this.cw;
        while (p < row.length && row[p]! <= cx) p++;
        this.state[r * nx + c] = (row.length - p) & 1;
      }
    }
  }

  private col(x: number): number {
    const c = Math.floor((x - this.minX) * this.icw);
    return c < 0 ? 0 : c >= this.nx ? this.nx - 1 : c;
  }

  private row(y: number): number {
    const r = Math.floor((y - this.minY) * this.ich);
    return r < 0 ? 0 : r >= this.ny ? this.ny - 1 : r;
  }

  contains(x: number, y: number): boolean {
    if (!(x >= this.minX && x <= this.maxX && y >= this.minY && y <= this.maxY)) return false;
    let c = ((x - this.minX) * this.icw) | 0;
    if (c >= this.nx) c = this.nx - 1;
    let r = ((y - this.minY) * this.ich) | 0;
    if (r >= this.ny) r = this.ny - 1;
    const cell = r * this.nx + c;
    let inside = this.state[cell] === 1;
    const s = this.cellStart[cell]!;
    const t = this.cellStart[cell + 1]!;
    if (s === t) return inside;
    const px = this.minX + (c + 0.5) * this.cw;
    const py = this.minY + (r + 0.5) * this.ch;
    const dx = x - px;
    const dy = y - py;
    const lon = this.lon;
    const lat = this.lat;
    const edges = this.cellEdges;
    for (let k = s; k < t; k++) {
      const v = edges[k]!;
      const ax = lon[v]!;
      const ay = lat[v]!;
      const bx = lon[v + 1]!;
      const by = lat[v + 1]!;
      const sa = dx * (ay - py) - dy * (ax - px) > 0;
      const sb = dx * (by - py) - dy * (bx - px) > 0;
      if (sa === sb) continue;
      const ex = bx - ax;
      const ey = by - ay;
      const tp = ex * (py - ay) - ey * (px - ax) > 0;
      const tq = ex * (y - ay) - ey * (x - ax) > 0;
      if (tp !== tq) inside = !inside;
    }
    return inside;
  }

  /** Grid size, for reports. */
  get cells(): { nx: number; ny: number; edgesInCells: number } {
    return { nx: this.nx, ny: this.ny, edgesInCells: this.cellEdges.length };
  }
}
