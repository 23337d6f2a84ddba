/** Turning rows of the position columns into the parts of a finding that cite them. */
import type { ObservationSet } from '../observations/model.js';
import { isoTime, MAX_EVIDENCE, round, type KeyPoint } from './finding.js';

export function evidenceOf(obs: ObservationSet, rows: readonly number[], mustInclude: readonly number[] = []): { evidence: string[]; evidenceCount: number } {
  const ids: string[] = [];
  const seen = new Set<string>();
  const add = (r: number) => {
    const id = obs.positions.observationId(r);
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  };
  for (const r of mustInclude) add(r);
  for (const r of rows) {
    if (ids.length >= MAX_EVIDENCE) break;
    add(r);
  }
  const all = new Set(rows.map((r) => obs.positions.observationId(r)));
  for (const id of seen) all.add(id);
  return { evidence: ids, evidenceCount: all.size };
}

export function keyPoint(obs: ObservationSet, row: number): KeyPoint {
  const p = obs.positions;
  return {
    asset: obs.assets.at(p.asset[row]!).id,
    time: isoTime(p.time[row]!),
    lon: round(p.lon[row]!, 6),
    lat: round(p.lat[row]!, 6),
    observation: p.observationId(row),
  };
}

export function periodOf(obs: ObservationSet, rows: readonly number[]): { from: string; to: string } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    const t = obs.positions.time[r]!;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return { from: isoTime(lo), to: isoTime(hi) };
}

export function km(metres: number): string {
  return metres >= 10_000 ? `${(metres / 1000).toFixed(1)} km` : metres >= 1000 ? `${(metres / 1000).toFixed(2)} km` : `${metres.toFixed(0)} m`;
}

export function duration(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}
