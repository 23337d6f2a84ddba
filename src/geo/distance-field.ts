/**
 * Cheap bounds on the distance from a point to a region, for kinds that must decide "within R of a
 * place" for every fix and need the exact figure only for a few (standoff: the closest fix of each
 * stretch within reach).
 *
 * A lazily filled grid of CELL_DEG x CELL_DEG cells holds, per cell, the exact distance from the
 * cell's centre to the region (computed on first use, once per cell). The distance to a region is
 * 1-Lipschitz in the geodesic metric (|d(p) - d(q)| <= g(p, q), from the triangle inequality), so
 * every point of the cell lies within [d(centre) - h, d(centre) + h] of the region, h being the
 * largest geodesic distance from the centre to a point of the cell. h is bounded by a path that
 * runs along the centre's meridian and then along a parallel: at most half a cell of latitude plus
 * half a cell of longitude at the cell's widest parallel, each measured with 111,700 m per degree,
 * more than any degree of latitude (111,694 m at the poles) or of the equator on WGS84.
 *
 * Where a cell's bounds leave a decision open (its band straddles a range), `refine` narrows them
 * with a finer grid inside that cell: FINE x FINE sub-cells, each centre measured on first use, with
 * the same Lipschitz bound at an eighth of the size (h about 540 m at 60 degrees north). Only cells
 * a range's contour runs through are refined, and a sub-cell serves every fix that falls in it: a
 * shipping lane crossing the contour costs one exact distance per sub-cell, not one per fix.
 *
 * Why not a reach grid per range: the bounds serve every range at once (a fixed range per
 * commitment, or each asset's own weapon range), and they rank fixes by nearness too.
 */
import { wrapLon } from './regions.js';
import type { Region } from './types.js';

/** Cell size: about 5.6 km by 2.8 km at 60 degrees north, so h stays under about 4.3 km there. */
export const CELL_DEG = 0.05;
const M_PER_DEG_MAX = 111_700;
const BLOCK = 64;
const COLS = Math.ceil(360 / CELL_DEG);
const ROWS = Math.ceil(180 / CELL_DEG);
const BLOCK_COLS = Math.ceil(COLS / BLOCK);
/** Sub-cells per cell along each axis, where a cell is refined. */
export const FINE = 8;
const FINE_DEG = CELL_DEG / FINE;

export class DistanceField {
  private readonly blocks = new Map<number, Float64Array>();
  private lastKey = -1;
  private lastBlock: Float64Array | undefined;
  /** Refined cells, by cell number (row x COLS + col): the sub-cells' centre distances, NaN until measured. */
  private readonly fine = new Map<number, Float64Array>();
  /** The bounds of the last query, metres: lower and upper (Infinity when beyond `reachM`). */
  lower = 0;
  upper = 0;

  /**
   * @param reachM centres are measured up to this distance; beyond it a cell only knows the region
   * is further than `reachM - h`.
   */
  constructor(
    private readonly region: Region,
    readonly reachM: number,
  ) {}

  /** Sets `lower` and `upper` for the point; returns `lower`. No allocation once the cell is known. */
  bounds(lon: number, lat: number): number {
    const x = lon > 180 || lon < -180 ? wrapLon(lon) : lon;
    let col = Math.floor((x + 180) / CELL_DEG);
    if (col >= COLS) col = COLS - 1;
    let row = Math.floor((lat + 90) / CELL_DEG);
    if (row >= ROWS) row = ROWS - 1;
    if (row < 0) row = 0;
    const key = ((row / BLOCK) | 0) * BLOCK_COLS + ((col / BLOCK) | 0);
    let block = this.lastBlock;
    if (key !== this.lastKey || !block) {
      block = this.blocks.get(key);
      if (!block) {
        block = new Float64Array(BLOCK * BLOCK).fill(NaN);
        this.blocks.set(key, block);
      }
      this.lastKey = key;
      this.lastBlock = block;
    }
    const slot = (row % BLOCK) * BLOCK + (col % BLOCK);
    let d = block[slot]!;
    const cy = -90 + (row + 0.5) * CELL_DEG;
    if (Number.isNaN(d)) block[slot] = d = this.centreDistance(-180 + (col + 0.5) * CELL_DEG, cy);
    return this.boundsFrom(d, halfCell(cy, CELL_DEG));
  }

  /**
   * Narrows `lower` and `upper` for the point from its sub-cell (measuring the sub-cell's centre on
   * first use); returns `lower`. The bounds are those of the sub-cell, intersected with the cell's.
   */
  refine(lon: number, lat: number): number {
    this.bounds(lon, lat);
    const coarseLower = this.lower;
    const coarseUpper = this.upper;
    const x = lon > 180 || lon < -180 ? wrapLon(lon) : lon;
    // Sub-cell numbers over the globe; the cell is the sub-cell's row and column divided by FINE.
    let fc = Math.floor((x + 180) / FINE_DEG);
    if (fc >= COLS * FINE) fc = COLS * FINE - 1;
    let fr = Math.floor((lat + 90) / FINE_DEG);
    if (fr >= ROWS * FINE) fr = ROWS * FINE - 1;
    if (fr < 0) fr = 0;
    const cell = Math.floor(fr / FINE) * COLS + Math.floor(fc / FINE);
    let sub = this.fine.get(cell);
    if (!sub) this.fine.set(cell, (sub = new Float64Array(FINE * FINE).fill(NaN)));
    const slot = (fr % FINE) * FINE + (fc % FINE);
    let d = sub[slot]!;
    const cy = -90 + (fr + 0.5) * FINE_DEG;
    if (Number.isNaN(d)) sub[slot] = d = this.centreDistance(-180 + (fc + 0.5) * FINE_DEG, cy);
    this.boundsFrom(d, halfCell(cy, FINE_DEG));
    this.lower = Math.max(this.lower, coarseLower);
    this.upper = Math.min(this.upper, coarseUpper);
    return this.lower;
  }

  /** A centre's distance as a cell holds it: Infinity beyond reach, -(m + 1) for a lower bound m. */
  private centreDistance(lon: number, lat: number): number {
    const n = this.region.distance(lon, lat, this.reachM);
    return n === undefined ? Infinity : n.lowerBound ? -n.metres - 1 : n.metres;
  }

  private boundsFrom(d: number, h: number): number {
    if (d === Infinity) {
      this.lower = Math.max(0, this.reachM - h);
      this.upper = Infinity;
    } else if (d < 0) {
      // The region could only bound the centre's distance from below (see Nearest.lowerBound).
      this.lower = Math.max(0, -d - 1 - h);
      this.upper = Infinity;
    } else {
      this.lower = Math.max(0, d - h);
      this.upper = d + h;
    }
    return this.lower;
  }
}

/** The largest geodesic distance from the centre (latitude `cy`) of a cell `size` degrees wide to a point of it, bounded above. */
function halfCell(cy: number, size: number): number {
  const widest = Math.min(90, Math.max(0, Math.abs(cy) - size / 2));
  return (size / 2) * M_PER_DEG_MAX * (1 + Math.cos((widest * Math.PI) / 180)) + 1;
}
