/**
 * The engine: every commitment of every agreement, under every requested reading and view, over
 * the observations in time order. Batch is a replay of the same time-ordered stream a live run sees.
 */
import { Agreement, AgreementError, AS_WRITTEN, parseAgreementFile, parseTime, asList, sourceText, type CommitmentDecl } from '../language/index.js';
import type { ObservationSet } from '../observations/model.js';
import { forceSegments, forceStep, inForceOf, notInForceFinding, type ForceSegment } from './conditions.js';
import { EvalContext, type Draft, type FindingDraft, type GeoResolver } from './context.js';
import { compareFindings, compareInGroup, type Finding, type TraceStep, type Verdict } from './finding.js';
import { kindParamSchemas, kinds } from './kinds/registry.js';

export interface CheckOptions {
  /** Views to judge under; by default each agreement's own `views` (or its first party). */
  views?: string[];
  /**
   * Readings to judge under (interpretation ids; `all` for the text as written and every declared
   * reading); by default the text as written. An agreement is judged under those it declares.
   */
  interpretations?: string[];
  from?: number;
  to?: number;
}

/** An interpretation asked for that no agreement given declares. */
export class InterpretationError extends Error {
  override name = 'InputError';
}

/**
 * The readings each agreement is judged under. Every reading asked for by name must be declared by
 * every agreement checked: one that does not declare it cannot be judged under it, and leaving it out
 * of the findings without a word would read as if it had nothing to report. `all` is the way to judge
 * several agreements each under the readings it declares.
 */
export function readingsFor(agreements: Agreement[], asked: string[] | undefined): Map<Agreement, string[]> {
  const out = new Map<Agreement, string[]>();
  const wanted = asked?.length ? asked : [AS_WRITTEN];
  for (const r of wanted) {
    if (r === 'all') continue;
    const lacking = agreements.filter((a) => !a.readings().includes(r));
    if (!lacking.length) continue;
    const known = [...new Set(lacking.flatMap((a) => a.readings()))];
    const declaring = agreements.filter((a) => !lacking.includes(a));
    const hint = declaring.length
      ? `; only ${declaring.map((a) => a.file).join(', ')} declare${declaring.length === 1 ? 's' : ''} it: judge that apart, or ask for all to judge each agreement under every reading it declares`
      : '';
    throw new InterpretationError(`interpretation "${r}" is not declared by ${lacking.map((a) => a.file).join(', ')} (known: ${known.join(', ')}, or all)${hint}`);
  }
  for (const a of agreements) out.set(a, wanted.includes('all') ? a.readings() : a.readings().filter((r) => wanted.includes(r)));
  return out;
}

/** Loads and checks an agreement file with every known kind's params; throws AgreementError with all issues. */
export function loadAgreement(path: string): Agreement {
  const r = parseAgreementFile(path, kindParamSchemas());
  if (!r.agreement) throw new AgreementError(r.issues);
  return new Agreement(r.agreement, path);
}

/**
 * Every finding, in the one order findings are listed in (compareFindings), ids numbered. Holds them
 * all; a caller that can take them a group at a time uses checkEach.
 */
export function check(agreements: Agreement[], obs: ObservationSet, geo: GeoResolver, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  checkEach(agreements, obs, geo, options, (group) => {
    for (const f of group) findings.push(f);
  });
  // Groups arrive in the agreements' and commitments' order; each is already in order inside.
  return findings.sort(compareFindings);
}

/**
 * One commitment's findings under one view and one reading, in order and numbered. Iterating makes
 * each finding as it is reached (kinds may leave their text to then: LazyDraft), so a consumer that
 * writes findings out as it goes holds one at a time; iterate once.
 */
export interface FindingGroup extends Iterable<Finding> {
  agreement: string;
  commitment: string;
  view: string;
  interpretation: string;
  size: number;
}

/**
 * The same findings as check, handed to `sink` one group at a time (one commitment under one view
 * and one reading, every stretch of its force), each group sorted and numbered as check numbers it,
 * and then let go: memory holds one group's sort records, not a year's findings.
 */
export function checkEach(agreements: Agreement[], obs: ObservationSet, geo: GeoResolver, options: CheckOptions, sink: (group: FindingGroup) => void): void {
  const order = obs.positions.timeOrder();
  const readings = readingsFor(agreements, options.interpretations);
  for (const agreement of agreements) {
    const views = options.views?.length ? options.views : agreement.defaultViews();
    for (const reading of readings.get(agreement)!) {
      for (const c of agreement.commitmentsUnder(reading)) {
        const kind = kinds[c.kind];
        if (!kind) throw new Error(`${agreement.file}: commitment "${c.id}" has unknown kind "${c.kind}"`);
        const onPositions = (kind.judges ?? 'positions') === 'positions';
        const bounds = boundsFor(c.effective, options);
        const window = onPositions ? windowFor(obs, order, bounds) : bounds;
        const conditions = agreement.override(c, reading)?.inForceWhen ?? [];
        const segments: ForceSegment[] = conditions.length ? forceSegments(conditions, obs, window.from, window.to) : [{ ...window, state: 'in-force', conditions: [] }];
        const readingSteps = readingTrace(agreement, c, reading);
        // A kind on dated facts is judged once, unless a verdict of it rested on the view's map.
        const judgedViews = onPositions ? [...views] : views.slice(0, 1);
        // Per stretch of force: what the views of this commitment may share (EvalContext.acrossViews).
        const acrossViews = segments.map(() => new Map<string, unknown>());
        for (let k = 0; k < judgedViews.length; k++) {
          const view = judgedViews[k]!;
          // Drafts are sorted by what orders findings within a group and made findings when handed over.
          const pending: Pending[] = [];
          for (let si = 0; si < segments.length; si++) {
            const seg = segments[si]!;
            let drafts: Draft[];
            if (seg.state === 'in-force') {
              // A stretch ends where the next begins, and a fact at that instant belongs to the next
              // (the state of force as of it), so a stretch followed by another stops just before.
              const w = { from: seg.from, to: seg === segments[segments.length - 1] ? seg.to : seg.to - 1 };
              const ctx = new EvalContext(agreement, c, view, obs, onPositions ? rowsIn(obs, order, w) : NO_ROWS, w, geo, acrossViews[si]);
              drafts = kind.evaluate(ctx, kind.params.parse(agreement.paramsUnder(c, reading)) as never);
              if (conditions.length) {
                const step = forceStep(agreement, seg);
                const force = (d: FindingDraft): FindingDraft => ({ ...d, trace: [...d.trace, step], inForce: inForceOf(seg) });
                drafts = drafts.map((d) => ('lazy' in d ? { ...d, build: () => force(d.build()) } : force(d)));
              }
            } else drafts = [notInForceFinding(agreement, reading, seg, [])];
            for (const d of drafts) {
              if (!('lazy' in d) && d.onView && judgedViews.length < views.length) judgedViews.push(...views.slice(judgedViews.length));
              pending.push({ verdict: d.verdict, from: d.period.from ?? '', assets: d.assets.join(','), draft: d });
            }
          }
          pending.sort((a, b) => compareInGroup(a.verdict, a.from, a.assets, b.verdict, b.from, b.assets));
          const key = `${agreement.id}/${c.id}/${view}${reading === AS_WRITTEN ? '' : `@${reading}`}`;
          sink({
            agreement: agreement.id,
            commitment: c.id,
            view,
            interpretation: reading,
            size: pending.length,
            *[Symbol.iterator]() {
              for (let i = 0; i < pending.length; i++) {
                const d = pending[i]!.draft;
                yield stamp(agreement, c, view, reading, 'lazy' in d ? d.build() : d, readingSteps, `${key}/${i + 1}`);
              }
            },
          });
        }
      }
    }
  }
}

/**
 * A draft waiting in its group's sort: the keys of compareInGroup, worked out once. Findings are
 * made only when the group is handed over, so that the objects a consumer takes and lets go are
 * not made where the sort's long-lived records are (V8 would then allocate both in the old
 * generation, and every finding's text and evidence would outlive several young collections).
 */
interface Pending {
  verdict: Verdict;
  from: string;
  assets: string;
  draft: Draft;
}

/** A draft made a finding: the agreement, commitment, view and reading it was judged under. */
function stamp(agreement: Agreement, c: CommitmentDecl, view: string, reading: string, d: FindingDraft, readingSteps: TraceStep[], id: string): Finding {
  return {
    id,
    agreement: agreement.id,
    commitment: c.id,
    kind: c.kind,
    article: c.article,
    verdict: d.verdict,
    obligor: d.obligor ?? asList(c.obligor),
    beneficiary: asList(c.beneficiary),
    period: d.period,
    view,
    interpretation: reading,
    ...(d.inForce ? { inForce: d.inForce } : {}),
    assets: d.assets,
    measures: d.measures,
    evidence: d.evidence,
    evidenceCount: d.evidenceCount,
    points: d.points,
    explanation: d.explanation,
    trace: [...readingSteps, ...d.trace],
  };
}

/**
 * The first step of a finding's chain when the agreement records readings: which one it was judged
 * under, and that others exist. An agreement with none gets no step, so its findings read as before.
 */
function readingTrace(agreement: Agreement, c: CommitmentDecl, reading: string): TraceStep[] {
  const others = agreement.readings().filter((r) => r !== reading);
  if (agreement.readings().length === 1) return [];
  const otherText = others.map((r) => (r === AS_WRITTEN ? 'as written' : `${r} (${agreement.interpretation(r)?.party ?? '?'})`)).join(', ');
  const decl = agreement.interpretation(reading);
  const what =
    reading === AS_WRITTEN
      ? // Declared, the text as written names whose it is; undeclared, there is nothing to add.
        `as written: the text as encoded, no party's reading applied${decl?.party ? ` (${decl.title}; ${sourceText(decl.source)})` : ''}`
      : `${reading}, ${decl!.party}'s reading: ${decl!.title} (${sourceText(decl!.source)})`;
  const o = agreement.override(c, reading);
  const params = o?.params ? `; params under this reading: ${Object.entries(o.params).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')} (as written: ${Object.keys(o.params).map((k) => `${k} = ${JSON.stringify(c.params[k]) ?? 'not given'}`).join(', ')})` : '';
  const how = (c.onlyUnder ? '; this commitment is held only by this reading, not by the text as written' : o?.note ? `; of this commitment: ${o.note}${o.source ? ` (${sourceText(o.source)})` : ''}` : '') + params;
  return [{ step: 'interpretation', detail: `${what}${how}; other readings: ${otherText}` }];
}

/** The window a commitment on positions is judged over: the data's span, cut to its bounds. */
function windowFor(obs: ObservationSet, order: Uint32Array, bounds: { from: number; to: number }): { from: number; to: number } {
  const t = obs.positions.time;
  let from = order.length ? t[order[0]!]! : 0;
  let to = order.length ? t[order[order.length - 1]!]! : 0;
  from = Math.max(from, bounds.from);
  to = Math.min(to, bounds.to);
  // No data inside the bounds (none at all, or all of it before them): an empty window where the
  // bounds start, rather than one that ends before it begins.
  if (to < from) to = from;
  return { from, to };
}

const NO_ROWS = new Uint32Array(0);

/** The effective period cut to the caller's bounds, open (±Infinity) where neither bounds it: the window of a kind that judges no positions. */
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
