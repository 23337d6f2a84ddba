/**
 * separation: assets of opposing parties keep at least a distance apart within a region (the
 * "maximum approach distance between warships and aircraft" of the December 2021 drafts; the
 * incidents-at-sea regime). Each encounter is reported with its closest point of approach.
 *
 * Cost. Comparing every pair of fixes is O(n²). Instead each asset's track becomes segments between
 * consecutive fixes, swept in time order through a grid whose cells are as wide as the search
 * radius (sweep.ts): only segments of opposing sides that overlap in time and share a cell are
 * compared, each pair once, and the exact geodesic is computed only for pairs the local plane puts
 * within the radius. Time is linear in traffic for a fixed density of encounters; memory holds the
 * segments of the last two time buckets and the contacts of pairs still in touch.
 */
import { z } from 'zod';
import { numberOrParam } from '../../../language/index.js';
import type { Draft, EvalContext, FindingDraft } from '../../context.js';
import { evidenceOf, km } from '../../evidence.js';
import { isoTime, round, type Measure, type TraceStep } from '../../finding.js';
import { assumptionOf, classesPhrase, placeStep } from '../common.js';
import type { Region } from '../../../geo/types.js';
import type { CommitmentKind } from '../types.js';
import { ContactSweep, type Contact, type Encounter } from './sweep.js';

const params = z.strictObject({
  classes: z.array(z.string()).min(1).describe('Asset classes on every side the commitment covers.'),
  against: z.array(z.string()).optional().describe('Classes of the opposing side, if different (e.g. warships against aircraft).'),
  sides: z.array(z.string()).min(2).optional().describe('The opposing parties; defaults to the obligors.'),
  region: z.string().optional().describe('Where the commitment applies; everywhere if absent.'),
  minDistanceM: numberOrParam(z.number().positive()).describe('Assets must not come closer than this (metres).'),
  riskDistanceM: numberOrParam(z.number().positive()).optional().describe('Closer than this but not breaching is a risk.'),
  maxGapMinutes: z.number().positive().optional().describe('Fixes further apart than this are not interpolated between (default 10).'),
});
type Params = z.infer<typeof params>;

const MIN_SEARCH_M = 5_000;

interface SegmentStats {
  segments: number;
  assets: Set<number>;
  sides: Set<number>;
}

/**
 * Each asset's track as segments between consecutive fixes (a lone fix, or one after a gap, is a
 * segment of its own), kept where either end is in the region, added to the sweep in time order.
 */
function sweepSegments(ctx: EvalContext, p: Params, sides: string[], maxGapMs: number, sweep: ContactSweep): SegmentStats {
  const region = p.region ? ctx.region(p.region) : undefined;
  const classA = ctx.classMatcher(p.classes);
  const classB = p.against ? ctx.classMatcher(p.against) : classA;
  const { asset: assetCol, time, lon, lat } = ctx.obs.positions;
  const n = ctx.obs.assets.size;
  const lastRow = new Int32Array(n).fill(-1);
  // Whether the asset's last fix was in the region: each fix is tested once, not once per segment end.
  const lastIn = new Uint8Array(n);
  const stats: SegmentStats = { segments: 0, assets: new Set(), sides: new Set() };
  const push = (asset: number, side: number, ra: number, rb: number) => {
    stats.segments++;
    stats.assets.add(asset);
    stats.sides.add(side);
    sweep.add(asset, side, ra, rb);
  };
  // (By index: the loop allocates nothing per row.)
  const rows = ctx.rows;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const asset = assetCol[row]!;
    const side = ctx.sideIndexOf(asset, time[row]!, sides);
    if (side < 0) continue;
    // The first side is held to `classes`, the others to `against` (the same unless given).
    if (!(side === 0 ? classA(asset) : classB(asset))) continue;
    const prev = lastRow[asset]!;
    const prevIn = lastIn[asset] === 1;
    const inside = !region || region.contains(lon[row]!, lat[row]!);
    lastRow[asset] = row;
    lastIn[asset] = inside ? 1 : 0;
    if (prev < 0 || time[row]! - time[prev]! > maxGapMs) {
      if (inside) push(asset, side, row, row);
      continue;
    }
    if (prevIn || inside) push(asset, side, prev, row);
  }
  return stats;
}

/** What the sweep found: all a view's findings need of it, and none of it depends on the view but the region. */
interface SweepOutcome {
  region: Region | undefined;
  /** The encounters closer than the risk distance (each a finding), in the order they ended. */
  encounters: Encounter[];
  /** The closest contact of all, for a compliant finding's figure. */
  closest: Contact | undefined;
  stats: SegmentStats;
  counts: { comparisons: number; withinOnPlane: number; geodesics: number; encounters: number; unreported: number };
}

/**
 * The sweep for this commitment, or the one another view of it already ran where that view's region
 * decides alike (the same sea under two maps): sides, classes and rows do not depend on the view.
 */
function sweepOnce(ctx: EvalContext, p: Params, sides: string[], region: Region | undefined, searchM: number, maxGapMs: number, riskM: number): SweepOutcome {
  const prior = ctx.acrossViews.get(SHARED_KEY) as SweepOutcome | undefined;
  if (prior && (prior.region && region ? prior.region.decidesLike(region) : prior.region === region)) return prior;
  const encounters: Encounter[] = [];
  let closest: Contact | undefined;
  // An encounter is summed up as soon as it is final, so its contacts need not be kept.
  const sweep = new ContactSweep(searchM, maxGapMs, ctx.obs.assets.size, sides.length, ctx.obs.positions, (enc) => {
    const best = enc.closest;
    if (!closest || best.cpa.metres < closest.cpa.metres) closest = best;
    if (best.cpa.metres < riskM) encounters.push(enc);
    // Only what could be a finding, or the closest of all while there is none, needs measuring.
    sweep.reportBelow = Math.max(riskM, closest.cpa.metres);
  });
  const stats = sweepSegments(ctx, p, sides, maxGapMs, sweep);
  sweep.finish();
  const outcome: SweepOutcome = { region, encounters, closest, stats, counts: { comparisons: sweep.comparisons, withinOnPlane: sweep.withinOnPlane, geodesics: sweep.geodesics, encounters: sweep.encounters, unreported: sweep.unreported } };
  ctx.acrossViews.set(SHARED_KEY, outcome);
  return outcome;
}

const SHARED_KEY = 'separation:sweep';

function evaluate(ctx: EvalContext, p: Params): Draft[] {
  const sides = p.sides ?? ctx.obligors;
  if (sides.length < 2) throw new Error(`${ctx.agreement.file}: separation commitment "${ctx.commitment.id}" needs two sides (params.sides or two obligors)`);
  const min = ctx.number(p.minDistanceM)!;
  const risk = ctx.number(p.riskDistanceM);
  const minM = min.value;
  const riskM = Math.max(risk?.value ?? minM, minM);
  const searchM = Math.max(riskM, MIN_SEARCH_M);
  const maxGapMs = (p.maxGapMinutes ?? 10) * 60_000;
  const what = classesPhrase(ctx, [...p.classes, ...(p.against ?? [])]);
  const region = p.region ? ctx.region(p.region) : undefined;
  const outcome = sweepOnce(ctx, p, sides, region, searchM, maxGapMs, riskM);
  const { closest, stats, counts } = outcome;
  const observed: TraceStep = { step: 'observations', detail: `${stats.segments} track segments of ${stats.assets.size} ${what} asset(s) of ${sides.join(' vs ')}` };
  const method: TraceStep = {
    step: 'method',
    detail: `segments swept in time order through a grid of ${km(searchM)} cells; ${counts.comparisons} opposing segment pairs met in a cell while overlapping in time, ${counts.withinOnPlane} of them within reach on a local plane, ${counts.geodesics} geodesics measured (pairs near the radius, and the candidates for the closest of each encounter that could come within ${km(riskM)}) in ${counts.encounters} encounter(s), ${counts.unreported} of them never within ${km(riskM)} and left unmeasured; closest approach by linear interpolation between fixes, distance geodesic on WGS84 (Karney)`,
  };
  const steps = [...(region ? [placeStep(region)] : []), observed, method];
  const limitMeasure = (m: number): Measure => ({ name: 'closest point of approach', value: round(m, 1), limit: round(minM, 1), unit: 'm', bound: 'min', ...assumptionOf(min) });
  const findings: Draft[] = [];
  // The encounters are summed up already; each finding's text is made when it is handed over.
  for (const enc of outcome.encounters) {
    const best = enc.closest;
    findings.push({
      lazy: true,
      verdict: best.cpa.metres < minM ? 'breach' : 'risk',
      period: { from: isoTime(enc.from), to: isoTime(enc.to) },
      assets: [ctx.obs.assets.at(best.a.asset).id, ctx.obs.assets.at(best.b.asset).id],
      build: () => encounterFinding(enc),
    });
  }
  const encounterFinding = (enc: Encounter): FindingDraft => {
    const best = enc.closest;
    const breach = best.cpa.metres < minM;
    const { a, b, cpa } = best;
    const aId = ctx.obs.assets.at(a.asset).id;
    const bId = ctx.obs.assets.at(b.asset).id;
    const closer = cpa.closingA >= cpa.closingB ? ctx.assetLabel(a.asset) : ctx.assetLabel(b.asset);
    const sideA = sides[a.side]!;
    const sideB = sides[b.side]!;
    return {
      verdict: breach ? 'breach' : 'risk',
      obligor: [sideA, sideB],
      period: { from: isoTime(enc.from), to: isoTime(enc.to) },
      assets: [aId, bId],
      measures: [
        limitMeasure(cpa.metres),
        ...(risk && !breach ? [{ name: 'risk distance', value: round(cpa.metres, 1), limit: round(riskM, 1), unit: 'm', bound: 'min' as const, ...assumptionOf(risk) }] : []),
        { name: `closing speed of ${aId} (start of the closest span)`, value: round(cpa.closingA, 2), limit: null, unit: 'm/s', bound: 'max' },
        { name: `closing speed of ${bId} (start of the closest span)`, value: round(cpa.closingB, 2), limit: null, unit: 'm/s', bound: 'max' },
      ],
      // The rows cited are each one observation, so their count is the observations'.
      evidence: evidenceOf(ctx.obs, enc.rows, [a.rowA, a.rowB, b.rowA, b.rowB]).evidence,
      evidenceCount: enc.rowCount,
      points: [
        { asset: aId, time: isoTime(cpa.time), lon: round(cpa.lonA, 6), lat: round(cpa.latA, 6), interpolated: true },
        { asset: bId, time: isoTime(cpa.time), lon: round(cpa.lonB, 6), lat: round(cpa.latB, 6), interpolated: true },
      ],
      explanation: `${ctx.assetLabel(a.asset)}, counted for ${sideA}, and ${ctx.assetLabel(b.asset)}, counted for ${sideB}, came within ${km(cpa.metres)} of each other at ${isoTime(cpa.time)}${region ? ` in ${region.id}` : ''}, ${breach ? 'closer than the agreed minimum' : 'outside the minimum but inside the risk distance'} of ${km(breach ? minM : riskM)}. The instant is interpolated between fixes ${ctx.obs.positions.observationId(a.rowA)}–${ctx.obs.positions.observationId(a.rowB)} and ${ctx.obs.positions.observationId(b.rowA)}–${ctx.obs.positions.observationId(b.rowB)}; the distance is geodesic. ${Math.max(cpa.closingA, cpa.closingB) > 0 ? `${closer} was closing faster (${Math.max(cpa.closingA, cpa.closingB).toFixed(1)} m/s towards the other as that span began).` : 'Neither was closing on the other as that span began.'} The encounter spans ${enc.contacts} compared segment pair(s).`,
      trace: [...steps, { step: 'figure', detail: `closest point of approach ${km(cpa.metres)} at ${isoTime(cpa.time)}` }, { step: 'limit', detail: `minimum ${km(minM)}${risk ? `, risk below ${km(riskM)}` : ''}` }],
    };
  };
  const sidesSeen = stats.sides;
  const window = { from: isoTime(ctx.window.from), to: isoTime(ctx.window.to) };
  if (sidesSeen.size < 2) {
    const seen = [...sidesSeen].map((i) => sides[i]).join(', ') || 'no side';
    return [{
      verdict: 'unverifiable', period: window, assets: [], measures: [], evidence: [], evidenceCount: 0, points: [],
      explanation: `Only ${seen} had ${what} assets observed${region ? ` in ${region.id}` : ''} between ${window.from} and ${window.to}; without both sides in the data the distance between them cannot be judged.`,
      trace: steps,
    }];
  }
  if (findings.length) return findings;
  const closeText = closest
    ? `the closest point of approach was ${km(closest.cpa.metres)}, between ${ctx.assetLabel(closest.a.asset)} and ${ctx.assetLabel(closest.b.asset)} at ${isoTime(closest.cpa.time)}`
    : `no two opposing assets came within ${km(searchM)} of each other`;
  return [{
    verdict: 'compliant',
    period: window,
    assets: closest ? [ctx.obs.assets.at(closest.a.asset).id, ctx.obs.assets.at(closest.b.asset).id] : [],
    measures: closest ? [limitMeasure(closest.cpa.metres)] : [],
    ...evidenceOf(ctx.obs, closest ? [closest.a.rowA, closest.a.rowB, closest.b.rowA, closest.b.rowB] : []),
    points: closest ? [
      { asset: ctx.obs.assets.at(closest.a.asset).id, time: isoTime(closest.cpa.time), lon: round(closest.cpa.lonA, 6), lat: round(closest.cpa.latA, 6), interpolated: true },
      { asset: ctx.obs.assets.at(closest.b.asset).id, time: isoTime(closest.cpa.time), lon: round(closest.cpa.lonB, 6), lat: round(closest.cpa.latB, 6), interpolated: true },
    ] : [],
    explanation: `Opposing ${what} assets of ${sides.join(' and ')} kept at least ${km(riskM)} apart${region ? ` in ${region.id}` : ''} between ${window.from} and ${window.to}; ${closeText}.`,
    trace: [...steps, { step: 'figure', detail: closeText }, { step: 'limit', detail: `minimum ${km(minM)}` }],
  }];
}

export const separation: CommitmentKind<Params> = {
  kind: 'separation',
  summary: 'assets of opposing parties keep at least a distance apart within a region',
  params,
  evaluate,
};
