/**
 * Fast point-in-region for regions defined by distances (territorial seas, reach areas, border
 * belts). A fine grid over the region's box holds one state per cell: inside, outside, or "near the
 * limit". Cells are classified lazily, a block of 16 x 16 cells at a time, by a quadtree descent that
 * asks the region's box test (cheap spherical bounds widened by the box's radius) and splits only
 * the boxes it cannot decide. A query then costs one array read, except in cells near a limit, where
 * the region's point test runs (cheap bounds first, exact geodesics only if those straddle the limit).
 */
import { R_SPHERE, sphericalDistance } from './geodesy.js';

export const IN = 1;
export const OUT = 2;
export const MIXED = 0;
export type BoxVerdict = typeof IN | typeof OUT | typeof MIXED;

/** Decides a whole box when the cheap bounds allow; MIXED otherwise. */
export type BoxTest = (x0: number, y0: number, x1: number, y1: number) => BoxVerdict;
export type PointTest = (lon: number, lat: number) => boolean;

const BLOCK = 16;
const UNKNOWN = 0;
const CELL_IN = 1;
const CELL_OUT = 2;
const CELL_NEAR = 3;
const MAX_CELLS = 16_000_000;

/**
 * Half-diagonal of a lon/lat box on the sphere R_SPHERE, metres: the largest distance from its centre
 * to a point of the box. For a box that does not contain a pole that is a corner (the distance from
 * the centre grows monotonically along each parallel and is extreme at the ends of each meridian).
 */
export function boxRadius(x0: number, y0: number, x1: number, y1: number): number {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  if (x1 - x0 >= 180) return Math.PI * R_SPHERE;
  return Math.max(sphericalDistance(cx, cy, x0, y0), sphericalDistance(cx, cy, x1, y0), sphericalDistance(cx, cy, x0, y1), sphericalDistance(cx, cy, x1, y1)) * (1 + 1e-9) + 1e-3;
}

export class LazyGrid {
  readonly x0: number;
  readonly y0: number;
  readonly nx: number;
  readonly ny: number;
  readonly cw: number;
  readonly ch: number;
  private readonly state: Uint8Array;
  private readonly x1: number;
  private readonly y1: number;
  /** Counters for reports: cells decided by box tests, cells near a limit, point tests run. */
  stats = { blocks: 0, boxTests: 0, nearCells: 0 };

  constructor(
    bbox: readonly [number, number, number, number],
    cellDeg: number,
    private readonly box: BoxTest,
    private readonly point: PointTest,
  ) {
    let cs = cellDeg;
    const W = Math.max(bbox[2] - bbox[0], 1e-9);
    const H = Math.max(bbox[3] - bbox[1], 1e-9);
    while (Math.ceil(W / cs) * Math.ceil(H / cs) > MAX_CELLS) cs *= 1.25;
    this.nx = Math.max(1, Math.ceil(W / cs));
    this.ny = Math.max(1, Math.ceil(H / cs));
    this.cw = W / this.nx;
    this.ch = H / this.ny;
    this.x0 = bbox[0];
    this.y0 = bbox[1];
    this.x1 = bbox[2];
    this.y1 = bbox[3];
    this.state = new Uint8Array(this.nx * this.ny);
  }

  contains(lon: number, lat: number): boolean {
    if (!(lon >= this.x0 && lon <= this.x1 && lat >= this.y0 && lat <= this.y1)) return false;
    let c = ((lon - this.x0) / this.cw) | 0;
    if (c >= this.nx) c = this.nx - 1;
    let r = ((lat - this.y0) / this.ch) | 0;
    if (r >= this.ny) r = this.ny - 1;
    let s = this.state[r * this.nx + c]!;
    if (s === UNKNOWN) {
      this.classifyBlock(Math.floor(c / BLOCK) * BLOCK, Math.floor(r / BLOCK) * BLOCK);
      s = this.state[r * this.nx + c]!;
    }
    if (s === CELL_IN) return true;
    if (s === CELL_OUT) return false;
    return this.point(lon, lat);
  }

  /** The state of a cell after classification: IN, OUT or MIXED (near a limit). */
  cellState(c: number, r: number): BoxVerdict {
    let s = this.state[r * this.nx + c]!;
    if (s === UNKNOWN) {
      this.classifyBlock(Math.floor(c / BLOCK) * BLOCK, Math.floor(r / BLOCK) * BLOCK);
      s = this.state[r * this.nx + c]!;
    }
    return s === CELL_IN ? IN : s === CELL_OUT ? OUT : MIXED;
  }

  private classifyBlock(c0: number, r0: number): void {
    this.stats.blocks++;
    this.descend(c0, r0, Math.min(c0 + BLOCK, this.nx), Math.min(r0 + BLOCK, this.ny));
  }

  private descend(c0: number, r0: number, c1: number, r1: number): void {
    const x0 = this.x0 + c0 * this.cw;
    const x1 = this.x0 + c1 * this.cw;
    const y0 = this.y0 + r0 * this.ch;
    const y1 = this.y0 + r1 * this.ch;
    this.stats.boxTests++;
    const v = this.box(x0, y0, x1, y1);
    if (v !== MIXED || (c1 - c0 === 1 && r1 - r0 === 1)) {
      const fillState = v === IN ? CELL_IN : v === OUT ? CELL_OUT : CELL_NEAR;
      if (fillState === CELL_NEAR) this.stats.nearCells++;
      for (let r = r0; r < r1; r++) this.state.fill(fillState, r * this.nx + c0, r * this.nx + c1);
      return;
    }
    const cm = c1 - c0 > 1 ? (c0 + c1) >> 1 : c1;
    const rm = r1 - r0 > 1 ? (r0 + r1) >> 1 : r1;
    this.descend(c0, r0, cm, rm);
    if (cm < c1) this.descend(cm, r0, c1, rm);
    if (rm < r1) this.descend(c0, rm, cm, r1);
    if (cm < c1 && rm < r1) this.descend(cm, rm, c1, r1);
  }
}
