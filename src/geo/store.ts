/**
 * Rings packed into typed arrays once, shared by every index built on them: lon/lat and unit
 * vectors per vertex, and per edge the great-circle normal the spherical pre-filter needs. An edge
 * is identified by its first vertex; its second is the next vertex of the same ring (rings are
 * stored closed, first vertex repeated at the end).
 */
import { isArtificialEdge } from './rings.js';
import type { MultiPolygonCoords } from './types.js';

const DEG = Math.PI / 180;

export class RingStore {
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Unit vectors of the vertices on the sphere (geodetic latitude taken as spherical). */
  readonly ux: Float64Array;
  readonly uy: Float64Array;
  readonly uz: Float64Array;
  /** Per edge: its first vertex. */
  readonly edgeV0: Int32Array;
  /** Per edge: the polygon group it belongs to (e.g. a country unit). */
  readonly edgeGroup: Int32Array;
  /** Per edge: 1 when it lies on +-180 or a pole (an artefact of cutting, not a real boundary). */
  readonly artificial: Uint8Array;
  /** Per edge: unit normal of the great circle through its vertices (0,0,0 if degenerate). */
  readonly nx: Float64Array;
  readonly ny: Float64Array;
  readonly nz: Float64Array;
  /** Per group: the range of its edges [groupEdgeStart[g], groupEdgeStart[g + 1]). */
  readonly groupEdgeStart: Int32Array;
  /** Per ring: its group, whether it is a polygon's outer ring, and its box (minX, minY, maxX, maxY). */
  readonly ringGroup: Int32Array;
  readonly ringOuter: Uint8Array;
  readonly ringBox: Float64Array;

  constructor(groups: MultiPolygonCoords[]) {
    let nv = 0;
    let ne = 0;
    let nr = 0;
    for (const polys of groups)
      for (const p of polys)
        for (const r of p) {
          if (r.length < 2) continue;
          nr++;
          const closed = sameEnds(r);
          nv += r.length + (closed ? 0 : 1);
          ne += r.length - (closed ? 1 : 0);
        }
    this.lon = new Float64Array(nv);
    this.lat = new Float64Array(nv);
    this.ux = new Float64Array(nv);
    this.uy = new Float64Array(nv);
    this.uz = new Float64Array(nv);
    this.edgeV0 = new Int32Array(ne);
    this.edgeGroup = new Int32Array(ne);
    this.artificial = new Uint8Array(ne);
    this.nx = new Float64Array(ne);
    this.ny = new Float64Array(ne);
    this.nz = new Float64Array(ne);
    this.groupEdgeStart = new Int32Array(groups.length + 1);
    this.ringGroup = new Int32Array(nr);
    this.ringOuter = new Uint8Array(nr);
    this.ringBox = new Float64Array(4 * nr);
    let v = 0;
    let e = 0;
    let ri = 0;
    groups.forEach((polys, g) => {
      this.groupEdgeStart[g] = e;
      for (const p of polys)
        for (let k = 0; k < p.length; k++) {
          const r = p[k]!;
          if (r.length < 2) continue;
          const n = sameEnds(r) ? r.length - 1 : r.length;
          const first = v;
          let x0 = Infinity;
          let y0 = Infinity;
          let x1 = -Infinity;
          let y1 = -Infinity;
          for (let i = 0; i < n; i++) {
            const pt = r[i]!;
            const x = pt[0];
            const y = pt[1];
            if (x < x0) x0 = x;
            if (x > x1) x1 = x;
            if (y < y0) y0 = y;
            if (y > y1) y1 = y;
            this.setVertex(v, x, y);
            if (i > 0) this.addEdge(e++, v - 1, g);
            v++;
          }
          this.ringGroup[ri] = g;
          this.ringOuter[ri] = k === 0 ? 1 : 0;
          this.ringBox.set([x0, y0, x1, y1], 4 * ri);
          ri++;
          this.setVertex(v, this.lon[first]!, this.lat[first]!);
          this.addEdge(e++, v - 1, g);
          v++;
        }
    });
    this.groupEdgeStart[groups.length] = e;
  }

  get edgeCount(): number {
    return this.edgeV0.length;
  }

  private setVertex(v: number, x: number, y: number): void {
    this.lon[v] = x;
    this.lat[v] = y;
    const cy = Math.cos(y * DEG);
    this.ux[v] = cy * Math.cos(x * DEG);
    this.uy[v] = cy * Math.sin(x * DEG);
    this.uz[v] = Math.sin(y * DEG);
  }

  private addEdge(e: number, v0: number, g: number): void {
    this.edgeV0[e] = v0;
    this.edgeGroup[e] = g;
    const v1 = v0 + 1;
    this.artificial[e] = isArtificialEdge(this.lon[v0]!, this.lat[v0]!, this.lon[v1]!, this.lat[v1]!) ? 1 : 0;
    const ax = this.ux[v0]!;
    const ay = this.uy[v0]!;
    const az = this.uz[v0]!;
    const bx = this.ux[v1]!;
    const by = this.uy[v1]!;
    const bz = this.uz[v1]!;
    let cx = ay * bz - az * by;
    let cy = az * bx - ax * bz;
    let cz = ax * by - ay * bx;
    const len = Math.sqrt(cx * cx + cy * cy + cz * cz);
    if (len > 1e-15) {
      cx /= len;
      cy /= len;
      cz /= len;
    } else {
      cx = cy = cz = 0;
    }
    this.nx[e] = cx;
    this.ny[e] = cy;
    this.nz[e] = cz;
  }

  /** Edge ids of the given groups, optionally filtered. */
  edgesOf(groups: Iterable<number>, keep?: (edge: number) => boolean): Int32Array {
    const out: number[] = [];
    for (const g of groups) {
      const s = this.groupEdgeStart[g]!;
      const t = this.groupEdgeStart[g + 1]!;
      for (let e = s; e < t; e++) if (!keep || keep(e)) out.push(e);
    }
    return Int32Array.from(out);
  }

  /** All edges. */
  allEdges(keep?: (edge: number) => boolean): Int32Array {
    return this.edgesOf(
      Array.from({ length: this.groupEdgeStart.length - 1 }, (_, i) => i),
      keep,
    );
  }
}

function sameEnds(r: readonly (readonly number[])[]): boolean {
  const a = r[0];
  const b = r[r.length - 1];
  return !!a && !!b && r.length > 1 && a[0] === b[0] && a[1] === b[1];
}
