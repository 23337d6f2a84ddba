/**
 * The floor: what any evaluation must at least do, one pass over the columnar positions per task
 * that reads every position's asset, time and coordinates (and folds them into a checksum, so the
 * reads cannot be optimised away) and decides nothing.
 */
import type { BenchPositions } from './spec.js';

export function floorPass(p: BenchPositions, passes: number): { ms: number; checksum: number } {
  const { asset, time, lon, lat } = p;
  const t0 = performance.now();
  let sum = 0;
  for (let k = 0; k < passes; k++)
    for (let i = 0; i < p.n; i++) sum += asset[i]! + time[i]! * 1e-12 + lon[i]! + lat[i]!;
  return { ms: performance.now() - t0, checksum: sum };
}
