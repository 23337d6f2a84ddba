/** Turning rows of the position columns into the parts of a finding that cite them. */
import type { ObservationSet } from '../observations/model.js';
import { isoTime, MAX_EVIDENCE, round, type KeyPoint } from './finding.js';

/**
 * The observations a finding cites: those in `mustInclude` first, then the rest in order, at most
 * MAX_EVIDENCE ids, and how many distinct observations there were in all. Observations are told
 * apart by their (source, line) numbers, so only the ids listed are ever written out as text.
 */
export function evidenceOf(obs: ObservationSet, rows: readonly number[], mustInclude: readonly number[] = []): { evidence: string[]; evidenceCount: number } {
  const { source, line } = obs.positions;
  const n = mustInclude.length + rows.length;
  if (keys.length < n) keys = new Float64Array(Math.max(n, keys.length * 2));
  let k = 0;
  for (const r of mustInclude) keys[k++] = source[r]! * 4294967296 + line[r]!;
  for (const r of rows) keys[k++] = source[r]! * 4294967296 + line[r]!;
  const ids: string[] = [];
  // A finding cites a few dozen rows at most, mostly: a look back over those listed is quicker than a set.
  const listed = n > SMALL_LIST ? new Set<number>() : undefined;
  for (let i = 0; i < n && ids.length < MAX_EVIDENCE; i++) {
    const key = keys[i]!;
    if (listed) {
      if (listed.has(key)) continue;
      listed.add(key);
    } else {
      let j = 0;
      while (j < i && keys[j] !== key) j++;
      if (j < i) continue;
    }
    ids.push(obs.positions.observationId(i < mustInclude.length ? mustInclude[i]! : rows[i - mustInclude.length]!));
  }
  const sorted = keys.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return { evidence: ids, evidenceCount: distinct };
}

/** Scratch keys (source and line of a cited row as one number), reused: one finding at a time. */
let keys = new Float64Array(256);
const SMALL_LIST = 32;

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
