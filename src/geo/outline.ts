/**
 * Map outlines of distance-defined regions: the cells of a grid whose centres are inside are traced
 * into polygons (outer rings counter-clockwise, holes clockwise, as RFC 7946 asks). The outline is a
 * staircase on the grid, so it is within one cell diagonal of the exact limit; regions say so in
 * their description. Cells touching only at a corner become separate polygons.
 */
import type { MultiPolygonCoords, Position2, Ring } from './types.js';

const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

export function traceCells(
  nx: number,
  ny: number,
  x0: number,
  y0: number,
  cw: number,
  ch: number,
  inside: Uint8Array,
): MultiPolygonCoords {
  const W = nx + 1;
  const isIn = (c: number, r: number) => c >= 0 && r >= 0 && c < nx && r < ny && inside[r * nx + c] === 1;
  // Directed boundary edges with the inside cell on their left, keyed by start corner.
  const out = new Map<number, number[]>();
  const add = (c: number, r: number, dir: number) => {
    const k = r * W + c;
    const list = out.get(k);
    if (list) list.push(dir);
    else out.set(k, [dir]);
  };
  for (let r = 0; r < ny; r++)
    for (let c = 0; c < nx; c++) {
      if (!isIn(c, r)) continue;
      if (!isIn(c, r - 1)) add(c, r, 0);
      if (!isIn(c + 1, r)) add(c + 1, r, 1);
      if (!isIn(c, r + 1)) add(c + 1, r + 1, 2);
      if (!isIn(c - 1, r)) add(c, r + 1, 3);
    }
  const rings: { ring: Ring; area: number; probe: Position2 }[] = [];
  for (const [start, dirs] of out) {
    while (dirs.length) {
      let dir = dirs.pop()!;
      let k = start;
      const pts: Position2[] = [];
      let area = 0;
      let prevDir = -1;
      // The first in-cell on the left of the first edge: a point inside this ring's region.
      const sc = start % W;
      const sr = (start - sc) / W;
      const cellC = dir === 0 ? sc : dir === 1 ? sc - 1 : dir === 2 ? sc - 1 : sc;
      const cellR = dir === 0 ? sr : dir === 1 ? sr : dir === 2 ? sr - 1 : sr - 1;
      const probe: Position2 = [x0 + (cellC + 0.5) * cw, y0 + (cellR + 0.5) * ch];
      const startDir = dir;
      for (let guard = 0; guard < 4 * (nx + 1) * (ny + 1) + 8; guard++) {
        const c = k % W;
        const r = (k - c) / W;
        // x0 + nx * cw can land a rounding error past 180 on a grid spanning the globe: clamp.
        if (dir !== prevDir) pts.push([Math.min(180, Math.max(-180, x0 + c * cw)), Math.min(90, Math.max(-90, y0 + r * ch))]);
        const nc = c + DX[dir]!;
        const nr = r + DY[dir]!;
        area += c * nr - nc * r;
        prevDir = dir;
        k = nr * W + nc;
        const next = out.get(k) ?? [];
        // Prefer the left turn, then straight, then right: keeps rings simple at saddle corners.
        // Back at the start, the first edge (already taken) competes too; picking it closes the ring.
        let pick = -1;
        let closes = false;
        for (const want of [(dir + 1) % 4, dir, (dir + 3) % 4]) {
          if (k === start && want === startDir) {
            closes = true;
            break;
          }
          const i = next.indexOf(want);
          if (i >= 0) {
            pick = i;
            break;
          }
        }
        if (closes || pick < 0) {
          if (pts.length && dir === startDir) pts.shift();
          break;
        }
        dir = next.splice(pick, 1)[0]!;
      }
      if (pts.length < 3) continue;
      const f = pts[0]!;
      pts.push([f[0], f[1]]);
      rings.push({ ring: pts, area, probe });
    }
  }
  const outers = rings.filter((r) => r.area > 0).sort((a, b) => a.area - b.area);
  const polys: { outer: Ring; holes: Ring[]; bbox: number[] }[] = outers.map((o) => ({ outer: o.ring, holes: [], bbox: bboxOf(o.ring) }));
  for (const h of rings.filter((r) => r.area < 0)) {
    const [px, py] = h.probe;
    const host = polys.find((p) => px >= p.bbox[0]! && px <= p.bbox[2]! && py >= p.bbox[1]! && py <= p.bbox[3]! && inRing(p.outer, px, py));
    if (host) host.holes.push(h.ring);
  }
  return polys.map((p) => [p.outer, ...p.holes]);
}

function bboxOf(ring: Ring): number[] {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (const [x, y] of ring) {
    a = Math.min(a, x);
    b = Math.min(b, y);
    c = Math.max(c, x);
    d = Math.max(d, y);
  }
  return [a, b, c, d];
}

function inRing(ring: Ring, x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
