/** Pieces of findings that every kind words the same way. */
import { sourceText, type ResolvedNumber } from '../../language/index.js';
import type { Nearest, Region } from '../../geo/types.js';
import type { EvalContext, FindingDraft } from '../context.js';
import { isoTime, type TraceStep } from '../finding.js';

export function placeStep(region: Region): TraceStep {
  return { step: 'place', detail: `${region.id}: ${region.description} (view ${region.view})` };
}

/** Marks a measure whose limit is a parameter the parties have not agreed. */
export function assumptionOf(n: ResolvedNumber): { assumption?: { parameter: string; source?: string } } {
  if (n.agreed || !n.parameter) return {};
  return { assumption: { parameter: n.parameter, ...(n.source ? { source: sourceText(n.source) } : {}) } };
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
    // Depth inside a union: the distance to the boundary of the part that holds the point. Where two
    // parts touch (a territory and its territorial sea) the shared edge counts as boundary, so the
    // depth can only be understated, never overstated.
    boundaryDistance: (lon, lat, max) => {
      const holders = parts.filter((r) => r.contains(lon, lat));
      if (!holders.length) return minBy((r) => r.distance(lon, lat, max));
      return minBy((r) => (holders.includes(r) ? r.boundaryDistance?.(lon, lat, max) : undefined));
    },
    geometry: () => parts.flatMap((r) => r.geometry()),
  };
}
