/**
 * The engine: every commitment of every agreement, under every requested view, over the
 * observations in time order. Batch is a replay of the same time-ordered stream a live run sees.
 */
import { Agreement, AgreementError, parseAgreementFile, parseTime, asList } from '../language/index.js';
import type { ObservationSet } from '../observations/model.js';
import { EvalContext, type GeoResolver } from './context.js';
import { compareFindings, type Finding } from './finding.js';
import { kindParamSchemas, kinds } from './kinds/registry.js';

export interface CheckOptions {
  /** Views to judge under; by default each agreement's own `views` (or its first party). */
  views?: string[];
  from?: number;
  to?: number;
}

/** Loads and checks an agreement file with every known kind's params; throws AgreementError with all issues. */
export function loadAgreement(path: string): Agreement {
  const r = parseAgreementFile(path, kindParamSchemas());
  if (!r.agreement) throw new AgreementError(r.issues);
  return new Agreement(r.agreement, path);
}

export function check(agreements: Agreement[], obs: ObservationSet, geo: GeoResolver, options: CheckOptions = {}): Finding[] {
  const order = obs.positions.timeOrder();
  const findings: Finding[] = [];
  for (const agreement of agreements) {
    const views = options.views?.length ? options.views : agreement.defaultViews();
    for (const c of agreement.decl.commitments) {
      const kind = kinds[c.kind];
      if (!kind) throw new Error(`${agreement.file}: commitment "${c.id}" has unknown kind "${c.kind}"`);
      const onPositions = (kind.judges ?? 'positions') === 'positions';
      const window = onPositions ? windowFor(obs, order, c.effective, options) : boundsFor(c.effective, options);
      const rows = onPositions ? rowsIn(obs, order, window) : NO_ROWS;
      for (const view of onPositions ? views : views.slice(0, 1)) {
        const ctx = new EvalContext(agreement, c, view, obs, rows, window, geo);
        const drafts = kind.evaluate(ctx, kind.params.parse(c.params) as never);
        for (const d of drafts) {
          findings.push({
            id: '',
            agreement: agreement.id,
            commitment: c.id,
            kind: c.kind,
            article: c.article,
            verdict: d.verdict,
            obligor: d.obligor ?? asList(c.obligor),
            beneficiary: asList(c.beneficiary),
            period: d.period,
            view,
            assets: d.assets,
            measures: d.measures,
            evidence: d.evidence,
            evidenceCount: d.evidenceCount,
            points: d.points,
            explanation: d.explanation,
            trace: d.trace,
          });
        }
      }
    }
  }
  findings.sort(compareFindings);
  const seq = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.agreement}/${f.commitment}/${f.view}`;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    f.id = `${key}/${n}`;
  }
  return findings;
}

/** The window a commitment is judged over: the data's span, cut to its effective period and the caller's bounds. */
function windowFor(obs: ObservationSet, order: Uint32Array, effective: { from: string; to?: string } | undefined, o: CheckOptions): { from: number; to: number } {
  const t = obs.positions.time;
  let from = order.length ? t[order[0]!]! : 0;
  let to = order.length ? t[order[order.length - 1]!]! : 0;
  if (o.from !== undefined) from = Math.max(from, o.from);
  if (o.to !== undefined) to = Math.min(to, o.to);
  if (effective) {
    from = Math.max(from, parseTime(effective.from));
    if (effective.to) to = Math.min(to, parseTime(effective.to));
  }
  // No data inside the bounds (none at all, or all of it before them): an empty window where the
  // bounds start, rather than one that ends before it begins.
  if (to < from) to = from;
  return { from, to };
}

const NO_ROWS = new Uint32Array(0);

/** The window of a kind that judges no positions: the effective period cut to the caller's bounds, open where neither bounds it. */
function boundsFor(effective: { from: string; to?: string } | undefined, o: CheckOptions): { from: number; to: number } {
  let from = -Infinity;
  let to = Infinity;
  if (o.from !== undefined) from = Math.max(from, o.from);
  if (o.to !== undefined) to = Math.min(to, o.to);
  if (effective) {
    from = Math.max(from, parseTime(effective.from));
    if (effective.to) to = Math.min(to, parseTime(effective.to));
  }
  return { from, to };
}

function rowsIn(obs: ObservationSet, order: Uint32Array, w: { from: number; to: number }): Uint32Array {
  const t = obs.positions.time;
  // Binary search for the window's ends in the time-ordered index.
  const lower = (x: number, strict: boolean) => {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = t[order[mid]!]!;
      if (v < x || (strict && v === x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  if (w.to < w.from) return new Uint32Array(0);
  return order.subarray(lower(w.from, false), lower(w.to, true));
}
