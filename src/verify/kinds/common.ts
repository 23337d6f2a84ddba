/** Pieces of findings that every kind words the same way. */
import { sourceText, type ResolvedNumber } from '../../language/index.js';
import type { Nearest, Region } from '../../geo/types.js';
import type { Confidence, EventCoverage } from '../../observations/model.js';
import type { EvalContext, FindingDraft } from '../context.js';
import { isoTime, type Measure, type TraceStep } from '../finding.js';

/** A date as findings on dated facts word it: `YYYY-MM-DD`. */
export const day = (ms: number) => isoTime(ms).slice(0, 10);

/** A finding's period from a window whose ends may be open (a kind judging no positions). */
export const span = (from: number, to: number) => ({ from: Number.isFinite(from) ? isoTime(from) : null, to: Number.isFinite(to) ? isoTime(to) : null });

export const confidenceText = (c: Confidence) => (c === 'verified' ? 'verified' : c === 'partly-verified' ? 'partly verified' : 'not verified');

/** A finding that nothing can be said: no assets, measures or evidence, only why. */
export function unverifiable(period: FindingDraft['period'], explanation: string, trace: TraceStep[]): FindingDraft {
  return { verdict: 'unverifiable', period, assets: [], measures: [], evidence: [], evidenceCount: 0, points: [], explanation, trace };
}

/**
 * When no report of a barred act is found: compliant over each coverage statement of the obligors
 * (a source stating that it lists every report of that type), otherwise unverifiable. Silence alone
 * never shows compliance.
 */
export function noReportFindings(
  ctx: EvalContext,
  o: {
    type: EventCoverage['type'];
    from: number;
    to: number;
    /** Measure name, e.g. "attacks reported". */
    measure: string;
    steps: TraceStep[];
    compliant: (c: EventCoverage, from: number, to: number) => string;
    unverifiable: string;
    figure: string;
    limit: string;
  },
): FindingDraft[] {
  const covered = ctx.obs.events.coverage.filter((c) => c.type === o.type && ctx.obligors.includes(c.party) && c.to >= o.from && c.from <= o.to);
  if (covered.length) {
    return covered.map((c) => {
      const from = Math.max(c.from, o.from);
      const to = Math.min(c.to, o.to);
      return {
        verdict: 'compliant' as const,
        period: span(from, to),
        assets: [],
        measures: [{ name: o.measure, value: 0, limit: 0, unit: 'reports', bound: 'max' as const }],
        evidence: [c.observation],
        evidenceCount: 1,
        points: [],
        explanation: o.compliant(c, from, to),
        trace: [...o.steps, { step: 'figure', detail: o.figure }, { step: 'limit', detail: o.limit }],
      };
    });
  }
  return [unverifiable(span(o.from, o.to), o.unverifiable, o.steps)];
}

/** Whether a dated fact's party acts for an obligor at that time: an obligor itself, or one of its states then. */
export function actsForObligor(ctx: EvalContext, party: string, atMs: number): boolean {
  return ctx.obligors.some((o) => o === party || ctx.agreement.statesOf(o, atMs).includes(party));
}

/**
 * Whether a dated fact placed by name is in a declared place: the name is the place's id, or, for a
 * territory, the ISO3 code of one of its states at that time. An area (an activity's bbox) alone
 * does not place a fact; for a reported point see placedIn.
 */
export function namedIn(ctx: EvalContext, placeId: string, name: string | undefined, atMs: number): boolean {
  if (name === undefined) return false;
  if (name === placeId) return true;
  const decl = ctx.agreement.decl.places.find((x) => x.id === placeId);
  return decl?.kind === 'territory' && ctx.agreement.statesOf(decl.party, atMs).includes(name);
}

/**
 * Whether a reported fact is in a declared place. A report that gives a point is placed by geometry:
 * the point inside the place's region under the view judged, since the point is what the source
 * located and a name may be one side's word for contested ground; a report with no point is placed
 * by name (namedIn). `byPoint` says which rule decided, so a kind can say the verdict rests on the view.
 */
export function placedIn(ctx: EvalContext, placeId: string, fact: { place?: string; point?: [number, number] }, atMs: number): { inside: boolean; byPoint: boolean } {
  if (fact.point) return { inside: ctx.region(placeId).contains(fact.point[0], fact.point[1]), byPoint: true };
  return { inside: namedIn(ctx, placeId, fact.place, atMs), byPoint: false };
}

export function placeStep(region: Region): TraceStep {
  return { step: 'place', detail: `${region.id}: ${region.description} (view ${region.view})` };
}

/**
 * Marks a measure whose limit is a parameter the parties have not agreed (an assumption), or whose
 * figure is not verified against a primary source; a limit can be both.
 */
export function assumptionOf(n: ResolvedNumber): Pick<Measure, 'assumption' | 'unverifiedLimit'> {
  if (!n.parameter) return {};
  const source = n.source ? { source: sourceText(n.source) } : {};
  return {
    ...(n.agreed ? {} : { assumption: { parameter: n.parameter, ...source } }),
    ...(n.confidence === 'partly-verified' || n.confidence === 'not-verified' ? { unverifiedLimit: { parameter: n.parameter, confidence: n.confidence, ...source } } : {}),
  };
}

export function classesPhrase(ctx: EvalContext, classes: string[]): string {
  return classes.map((id) => ctx.agreement.decl.assetClasses.find((c) => c.id === id)?.id ?? id).join('/');
}

/** No observation of the assets the commitment covers: nothing can be said either way. */
export function noDataFinding(ctx: EvalContext, what: string, steps: TraceStep[]): FindingDraft {
  const from = isoTime(ctx.window.from);
  const to = isoTime(ctx.window.to);
  return {
    verdict: 'unverifiable',
    period: { from, to },
    assets: [],
    measures: [],
    evidence: [],
    evidenceCount: 0,
    points: [],
    explanation: `No observation of any ${what} asset counted for ${ctx.obligors.join(', ')} falls between ${from} and ${to}, so the data can neither show a breach nor show compliance.`,
    trace: [...steps, { step: 'observations', detail: 'none of the covered assets observed in the window' }],
  };
}

/**
 * Several places judged as one: inside any of them is inside; the distance to the union is the
 * smallest distance to a part (exact, since each part's is).
 */
export function unionRegion(parts: Region[]): Region & { parts: Region[] } {
  if (parts.length === 0) throw new Error('a union of no places');
  const first = parts[0]!;
  if (parts.length === 1) return Object.assign(Object.create(first) as Region, { parts });
  const minBy = (f: (r: Region) => Nearest | undefined): Nearest | undefined => {
    let best: Nearest | undefined;
    for (const r of parts) {
      const n = f(r);
      if (n && (!best || n.metres < best.metres)) best = n;
    }
    return best;
  };
  return {
    id: parts.map((r) => r.id).join('+'),
    kind: first.kind,
    view: first.view,
    description: parts.map((r) => `${r.id}: ${r.description}`).join('; '),
    bbox: [Math.min(...parts.map((r) => r.bbox[0])), Math.min(...parts.map((r) => r.bbox[1])), Math.max(...parts.map((r) => r.bbox[2])), Math.max(...parts.map((r) => r.bbox[3]))],
    parts,
    contains: (lon, lat) => parts.some((r) => r.contains(lon, lat)),
    distance: (lon, lat, max) => (parts.some((r) => r.contains(lon, lat)) ? { metres: 0, lon, lat } : minBy((r) => r.distance(lon, lat, max))),
    // Depth inside a union: how far the point is from leaving every part. A part's own boundary
    // counts only where it is an exit: if just beyond its nearest boundary point lies another part
    // (a territorial sea's coast, with the territory in the union), that edge is internal, and a
    // territorial sea is then measured to its seaward and lateral limits instead. Where no exit can
    // be measured exactly, the part's own boundary distance stands: the depth is understated, never
    // overstated.
    boundaryDistance: (lon, lat, max) => {
      const holders = parts.filter((r) => r.contains(lon, lat));
      if (!holders.length) return minBy((r) => r.distance(lon, lat, max));
      let best: Nearest | undefined;
      for (const h of holders) {
        const own = h.boundaryDistance?.(lon, lat, max);
        const internal = own !== undefined && parts.some((o) => o !== h && o.contains(...beyond(lon, lat, own)));
        const n = internal ? (h.seawardDepth?.(lon, lat) ?? own) : own;
        if (n && (!best || n.metres > best.metres)) best = n;
      }
      return best;
    },
    geometry: () => parts.flatMap((r) => r.geometry()),
    decidesLike(other: Region): boolean {
      const theirs = (other as Partial<{ parts: Region[] }>).parts;
      return other === this || (theirs !== undefined && theirs.length === parts.length && parts.every((r, i) => r.decidesLike(theirs[i]!)));
    },
  };
}

/** A point 100 m past `n` on the line from (lon, lat) through it: the far side of a boundary. */
function beyond(lon: number, lat: number, n: Nearest): [number, number] {
  const cos = Math.cos((n.lat * Math.PI) / 180);
  const dx = (n.lon - lon) * cos;
  const dy = n.lat - lat;
  const len = Math.hypot(dx, dy);
  if (len === 0) return [n.lon, n.lat];
  const step = 100 / 111_320;
  return [n.lon + (dx / len) * (step / cos), n.lat + (dy / len) * step];
}
