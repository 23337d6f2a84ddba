/**
 * The per-fix pattern shared by kinds that judge each asset on its own (keep-out, standoff): walk the
 * fixes in time order, measure each one, and join consecutive violating fixes of one asset into a
 * stretch that becomes one finding. Also remember the fix that came closest to the limit, so a
 * compliant verdict can say how close the data came.
 */
import type { EvalContext } from './context.js';

export interface FixMeasure {
  /** The measured figure at this fix (e.g. metres to the target territory). */
  value: number;
  violating: boolean;
  /** How far inside the limit (positive) or short of it (negative): used to rank fixes. */
  severity: number;
  /** The value is a lower bound (the geometry could only bound the distance from below). */
  lowerBound?: boolean;
}

export interface Stretch {
  asset: number;
  rows: number[];
  /** The row with the highest severity, and its measure. */
  worst: number;
  worstMeasure: FixMeasure;
}

export interface ScanResult {
  stretches: Stretch[];
  /** Fixes that passed the asset filter (the commitment's assets in the window). */
  fixesConsidered: number;
  assetsConsidered: Set<number>;
  /** The considered fix closest to (or furthest past) the limit. */
  closest?: { row: number; measure: FixMeasure };
}

/** A gap longer than this between two violating fixes of one asset starts a new stretch. */
export const DEFAULT_MAX_GAP_MS = 30 * 60_000;

export function scanFixes(
  ctx: EvalContext,
  wanted: (asset: number, row: number) => boolean,
  measure: (row: number) => FixMeasure | undefined,
  maxGapMs = DEFAULT_MAX_GAP_MS,
): ScanResult {
  const { positions } = ctx.obs;
  const open = new Map<number, Stretch>();
  const lastSeen = new Map<number, number>();
  const result: ScanResult = { stretches: [], fixesConsidered: 0, assetsConsidered: new Set() };
  for (const row of ctx.rows) {
    const asset = positions.asset[row]!;
    if (!wanted(asset, row)) continue;
    result.fixesConsidered++;
    result.assetsConsidered.add(asset);
    const m = measure(row);
    if (!m) {
      // A fix that cannot be judged (exempt place, out of range of the search) still ends a stretch:
      // an asset that leaves and comes back makes two findings, not one spanning the gap.
      const s = open.get(asset);
      if (s) {
        result.stretches.push(s);
        open.delete(asset);
      }
      continue;
    }
    if (!result.closest || m.severity > result.closest.measure.severity) result.closest = { row, measure: m };
    const t = positions.time[row]!;
    const prev = lastSeen.get(asset);
    lastSeen.set(asset, t);
    let s = open.get(asset);
    if (s && (!m.violating || (prev !== undefined && t - prev > maxGapMs))) {
      result.stretches.push(s);
      open.delete(asset);
      s = undefined;
    }
    if (!m.violating) continue;
    if (!s) {
      s = { asset, rows: [], worst: row, worstMeasure: m };
      open.set(asset, s);
    }
    s.rows.push(row);
    if (m.severity > s.worstMeasure.severity) {
      s.worst = row;
      s.worstMeasure = m;
    }
  }
  result.stretches.push(...open.values());
  return result;
}
