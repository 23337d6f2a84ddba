/**
 * Which side an asset counts for, answered per fix on the hot path of the per-position kinds.
 *
 * The answer depends on the asset and on which alliance memberships are in force, and memberships
 * change only on a handful of dates: between two such dates ("an epoch") an asset's side is
 * constant. The cache keeps, per asset, the epoch it was last asked about and the answer then, so a
 * fix costs a binary search over the change dates instead of a walk over every party and member.
 */
export class SideCache {
  private readonly epoch: Int32Array;
  private readonly side: Int8Array;

  constructor(
    private readonly changes: number[],
    assets: number,
    private readonly answer: (asset: number, atMs: number) => number,
  ) {
    this.epoch = new Int32Array(assets).fill(-1);
    this.side = new Int8Array(assets);
  }

  /** The index of the side the asset counts for at `atMs`, or -1 for none. */
  of(asset: number, atMs: number): number {
    let lo = 0;
    let hi = this.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.changes[mid]! <= atMs) lo = mid + 1;
      else hi = mid;
    }
    if (asset >= this.epoch.length) return this.answer(asset, atMs);
    if (this.epoch[asset] !== lo) {
      this.epoch[asset] = lo;
      this.side[asset] = this.answer(asset, atMs);
    }
    return this.side[asset]!;
  }
}
