/**
 * Backtests: a draft run over real history, and what-if sweeps of one of its numbers.
 *
 * A backtest is `check()` on the draft as written, summarised per commitment and per party: how many
 * breach and risk findings, and for how long the party was in breach. A sweep re-runs one commitment
 * with one numeric parameter set to each value of a range: "how many breaches would a 3 km approach
 * distance have produced in the Black Sea in 2016, and by whom?".
 *
 * Counts of findings are what a negotiator asks for, but they are not monotone in a limit: two
 * close passes of the same pair, separate under a 1 km limit, can merge into one stretch under a
 * 5 km one. The time in breach (the sum of the breach findings' periods) is monotone for a limit
 * that only widens what counts as a breach, so sweeps report both.
 */
import { Agreement } from '../language/index.js';
import type { ObservationSet } from '../observations/model.js';
import { check, kinds, type CheckOptions, type Finding, type GeoResolver } from '../verify/index.js';

export interface PartyTally {
  breaches: number;
  risks: number;
  /** Sum of the breach findings' periods (the stretches or encounters that breached), minutes. */
  breachMinutes: number;
}

export interface CommitmentTally {
  commitment: string;
  kind: string;
  article: string;
  findings: number;
  byParty: Record<string, PartyTally>;
}

const minutes = (f: Finding): number => (f.period.from && f.period.to ? Math.max(0, Date.parse(f.period.to) - Date.parse(f.period.from)) / 60_000 : 0);

/** Breaches and risks per commitment and party (a separation finding counts for both its sides). */
export function tally(findings: readonly Finding[]): CommitmentTally[] {
  const out = new Map<string, CommitmentTally>();
  for (const f of findings) {
    let t = out.get(f.commitment);
    if (!t) out.set(f.commitment, (t = { commitment: f.commitment, kind: f.kind, article: f.article, findings: 0, byParty: {} }));
    t.findings++;
    if (f.verdict !== 'breach' && f.verdict !== 'risk') continue;
    for (const party of f.obligor) {
      const p = (t.byParty[party] ??= { breaches: 0, risks: 0, breachMinutes: 0 });
      if (f.verdict === 'breach') {
        p.breaches++;
        p.breachMinutes += minutes(f);
      } else p.risks++;
    }
  }
  return [...out.values()];
}

export interface SweepSpec {
  commitment: string;
  param: string;
  values: number[];
}

/** `COMMITMENT.PARAM=LOW..HIGH/STEP`, e.g. `art3-approach-distance-black-sea.minDistanceM=500..5000/500`. */
export function parseSweep(text: string): SweepSpec {
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)=(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(text);
  if (!m) throw new SweepError(`--vary "${text}" is not COMMITMENT.PARAM=LOW..HIGH/STEP (e.g. art3-approach-distance.minDistanceM=500..5000/500)`);
  const [, commitment, param, lo, hi, step] = m as unknown as [string, string, string, string, string, string];
  const low = Number(lo);
  const high = Number(hi);
  const by = Number(step);
  if (!(by > 0) || high < low) throw new SweepError(`--vary "${text}": the range must run upwards by a positive step`);
  const values: number[] = [];
  // Counted in steps, not summed, so 0.1 steps do not drift.
  for (let k = 0; low + k * by <= high + by * 1e-9; k++) values.push(Number((low + k * by).toPrecision(12)));
  if (values.length > 1000) throw new SweepError(`--vary "${text}" gives ${values.length} values; at most 1000`);
  return { commitment, param, values };
}

export class SweepError extends Error {
  override name = 'InputError';
}

function noSuchParam(commitment: string, param: string, params: Record<string, unknown>): SweepError {
  const numeric = Object.entries(params).filter(([, v]) => typeof v === 'number' || (typeof v === 'string' && v.startsWith('$'))).map(([k]) => k);
  return new SweepError(`commitment "${commitment}" has no numeric parameter "${param}" (numeric: ${numeric.join(', ') || 'none'})`);
}

/** The agreement with one commitment's parameter set to a number (a `$parameter` reference replaced). */
export function withParam(agreement: Agreement, commitmentId: string, param: string, value: number): Agreement {
  const c = agreement.commitment(commitmentId);
  if (!c) throw new SweepError(`${agreement.file}: no commitment "${commitmentId}" (it has ${agreement.decl.commitments.map((x) => x.id).join(', ')})`);
  const params = (c.params ?? {}) as Record<string, unknown>;
  const current = params[param];
  const resolved = typeof current === 'string' && current.startsWith('$') ? agreement.number(current)?.value : current;
  if (typeof resolved !== 'number') throw noSuchParam(commitmentId, param, params);
  const decl = structuredClone(agreement.decl);
  const target = decl.commitments.find((x) => x.id === commitmentId)!;
  target.params = { ...(target.params as Record<string, unknown>), [param]: value };
  const checked = kinds[target.kind]?.params.safeParse(target.params);
  if (checked && !checked.success) {
    throw new SweepError(`commitment "${commitmentId}": ${param} = ${value} is not allowed (${checked.error.issues.map((i) => i.message).join('; ')})`);
  }
  return new Agreement(decl, agreement.file);
}

export interface SweepPoint {
  value: number;
  byParty: Record<string, PartyTally>;
  breaches: number;
  breachMinutes: number;
}

export interface SweepResult {
  commitment: string;
  param: string;
  /** The value as the draft has it, and whether the parties agreed it. */
  drafted: { value: number; agreed: boolean; parameter?: string };
  points: SweepPoint[];
  parties: string[];
}

/** Runs one commitment of a draft at each value of a parameter. */
export function sweep(agreement: Agreement, spec: SweepSpec, obs: ObservationSet, geo: GeoResolver, options: CheckOptions = {}): SweepResult {
  const c = agreement.commitment(spec.commitment);
  if (!c) throw new SweepError(`${agreement.file}: no commitment "${spec.commitment}" (it has ${agreement.decl.commitments.map((x) => x.id).join(', ')})`);
  const raw = (c.params as Record<string, unknown> | undefined)?.[spec.param];
  const numeric = typeof raw === 'number' || (typeof raw === 'string' && raw.startsWith('$'));
  const drafted = numeric ? agreement.number(raw) : undefined;
  if (!drafted) throw noSuchParam(spec.commitment, spec.param, (c.params ?? {}) as Record<string, unknown>);
  const points: SweepPoint[] = [];
  const parties = new Set<string>();
  for (const value of spec.values) {
    const variant = withParam(agreement, spec.commitment, spec.param, value);
    // Only the swept commitment: the others do not depend on the value.
    const only = new Agreement({ ...variant.decl, commitments: variant.decl.commitments.filter((x) => x.id === spec.commitment) }, agreement.file);
    const findings = check([only], obs, geo, options);
    const t = tally(findings)[0];
    const byParty = t?.byParty ?? {};
    for (const p of Object.keys(byParty)) parties.add(p);
    const breaches = findings.filter((f) => f.verdict === 'breach');
    points.push({ value, byParty, breaches: breaches.length, breachMinutes: breaches.reduce((a, f) => a + minutes(f), 0) });
  }
  return { commitment: spec.commitment, param: spec.param, drafted: { value: drafted.value, agreed: drafted.agreed, ...(drafted.parameter ? { parameter: drafted.parameter } : {}) }, points, parties: [...parties].sort() };
}
