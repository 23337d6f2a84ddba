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

export class DistanceField {
  private readonly blocks = new Map<number, Float64Array>();
  private lastKey = -1;
  private lastBlock: Float64Array | undefined;
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
    if (Number.isNaN(d)) {
      const n = this.region.distance(-180 + (col + 0.5) * CELL_DEG, cy, this.reachM);
      d = n === undefined ? Infinity : n.lowerBound ? -n.metres - 1 : n.metres;
      block[slot] = d;
    }
    const h = halfCell(cy);
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

/** The largest geodesic distance from a cell's centre (latitude `cy`) to a point of the cell, bounded above. */
function halfCell(cy: number): number {
  const widest = Math.min(90, Math.max(0, Math.abs(cy) - CELL_DEG / 2));
  return (CELL_DEG / 2) * M_PER_DEG_MAX * (1 + Math.cos((widest * Math.PI) / 180)) + 1;
}
