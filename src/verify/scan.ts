/**
 * The per-fix pattern shared by kinds that judge each asset on its own (keep-out, standoff): walk the
 * fixes in time order, measure each one, and join consecutive violating fixes of one asset into a
 * stretch that becomes one finding. Also remember the fix that came closest to the limit, so a
 * compliant verdict can say how close the data came.
 *
 * A kind may settle that a fix violates from cheap bounds alone and leave its exact figure for
 * later (a `pending` measure, with `refine` to compute it): when the stretch closes, only the
 * pending fixes that could still be its worst are refined, most promising first, so a stretch of
 * hundreds of fixes costs a few exact figures instead of hundreds. A kind that can narrow a pending
 * bound more cheaply than an exact figure (`tighten`) is asked to first: the fixes of a stretch
 * often share one coarse bound, and only the narrowed bounds tell them apart.
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
  /**
   * The fix surely violates but its figure is not computed yet: `severity` is then an upper bound of
   * the exact severity (and `value` meaningless). Only violating measures may be pending.
   */
  pending?: boolean;
}

export interface Stretch {
  asset: number;
  rows: number[];
  /** The row with the highest severity, and its measure (always exact once the scan returns). */
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
  /** Pending fixes settled from bounds alone. */
  settledByBounds: number;
}

/** A gap longer than this between two violating fixes of one asset starts a new stretch. */
export const DEFAULT_MAX_GAP_MS = 30 * 60_000;

interface OpenStretch extends Stretch {
  /** Pending rows and their severity bounds, in arrival order. */
  pendingRows: number[];
  pendingBounds: number[];
  /** Opening order, so stretches still open at the end close in the order they opened. */
  opened: number;
}

export function scanFixes(
  ctx: EvalContext,
  wanted: (asset: number, row: number) => boolean,
  measure: (row: number) => FixMeasure | undefined,
  maxGapMs = DEFAULT_MAX_GAP_MS,
  refine?: (row: number) => FixMeasure,
  tighten?: (row: number) => number,
): ScanResult {
  const { positions } = ctx.obs;
  const nAssets = ctx.obs.assets.size;
  const open: (OpenStretch | undefined)[] = new Array(nAssets).fill(undefined);
  const lastSeen = new Float64Array(nAssets).fill(NaN);
  const considered = new Uint8Array(nAssets);
  let opened = 0;
  const result: ScanResult = { stretches: [], fixesConsidered: 0, assetsConsidered: new Set(), settledByBounds: 0 };
  const offer = (row: number, m: FixMeasure) => {
    if (!result.closest || m.severity > result.closest.measure.severity) result.closest = { row, measure: m };
  };
  const close = (s: OpenStretch) => {
    settle(s);
    offer(s.worst, s.worstMeasure);
    result.stretches.push({ asset: s.asset, rows: s.rows, worst: s.worst, worstMeasure: s.worstMeasure });
    open[s.asset] = undefined;
  };
  const settle = (s: OpenStretch) => {
    const n = s.pendingRows.length;
    if (!n) return;
    if (!refine) throw new Error('scanFixes: a pending measure needs refine');
    // Most promising first; stop once no pending bound can beat the worst exact figure found.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.pendingBounds[b]! - s.pendingBounds[a]! || a - b);
    let k = 0;
    let skipped = 0;
    for (; k < n; k++) {
      const i = order[k]!;
      if (!s.worstMeasure.pending && s.pendingBounds[i]! <= s.worstMeasure.severity) break;
      const row = s.pendingRows[i]!;
      // A narrower bound (still at least the exact severity) may rule the fix out without its figure.
      if (tighten && !s.worstMeasure.pending && tighten(row) <= s.worstMeasure.severity) {
        skipped++;
        continue;
      }
      const m = refine(row);
      const earlier = positions.time[row]! < positions.time[s.worst]! || (positions.time[row] === positions.time[s.worst] && row < s.worst);
      if (s.worstMeasure.pending || m.severity > s.worstMeasure.severity || (m.severity === s.worstMeasure.severity && earlier)) {
        s.worst = row;
        s.worstMeasure = m;
      }
    }
    result.settledByBounds += n - k + skipped;
  };
  // (By index: the loop allocates nothing per row.)
  const rows = ctx.rows;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const asset = positions.asset[row]!;
    if (!wanted(asset, row)) continue;
    result.fixesConsidered++;
    if (!considered[asset]) {
      considered[asset] = 1;
      result.assetsConsidered.add(asset);
    }
    const m = measure(row);
    if (!m) {
      // A fix that cannot be judged (exempt place, out of range of the search) still ends a stretch:
      // an asset that leaves and comes back makes two findings, not one spanning the gap.
      const s = open[asset];
      if (s) close(s);
      continue;
    }
    if (!m.pending) offer(row, m);
    const t = positions.time[row]!;
    const prev = lastSeen[asset]!;
    lastSeen[asset] = t;
    let s = open[asset];
    if (s && (!m.violating || t - prev > maxGapMs)) {
      close(s);
      s = undefined;
    }
    if (!m.violating) continue;
    if (!s) {
      s = { asset, rows: [], worst: row, worstMeasure: m, pendingRows: [], pendingBounds: [], opened: opened++ };
      open[asset] = s;
    }
    s.rows.push(row);
    if (m.pending) {
      s.pendingRows.push(row);
      s.pendingBounds.push(m.severity);
    } else if (s.worstMeasure.pending || m.severity > s.worstMeasure.severity) {
      s.worst = row;
      s.worstMeasure = m;
    }
  }
  const rest = open.filter((s): s is OpenStretch => s !== undefined).sort((a, b) => a.opened - b.opened);
  for (const s of rest) close(s);
  return result;
}
