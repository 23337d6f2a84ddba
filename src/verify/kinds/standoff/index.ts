/**
 * standoff: an asset of the obligor is not where its weapon range reaches the beneficiary's territory
 * (Russia's draft US treaty, Art. 5(2) and Art. 6: "areas ... from which they can attack targets in
 * the territory of the other Party"). Presence inside exempt places (one's own territory and
 * territorial sea) is not judged. An asset whose range is unknown cannot be judged: it is reported
 * as unverifiable, never guessed.
 */
import { z } from 'zod';
import { numberOrParam, type ResolvedNumber } from '../../../language/index.js';
import type { Draft, EvalContext, FindingDraft } from '../../context.js';
import { evidenceOf, keyPoint, km, periodOf } from '../../evidence.js';
import { isoTime, round } from '../../finding.js';
import { CELL_DEG, DistanceField, FINE } from '../../../geo/distance-field.js';
import type { Nearest, Region } from '../../../geo/types.js';
import { scanFixes, type FixMeasure, type Stretch } from '../../scan.js';
import { assumptionOf, classesPhrase, noDataFinding, placeStep } from '../common.js';
import type { CommitmentKind } from '../types.js';

const params = z.strictObject({
  classes: z.array(z.string()).min(1),
  target: z.string().optional().describe("The place that must stay out of reach; defaults to the beneficiary's territory."),
  exempt: z.array(z.string()).optional().describe('Places where presence is not judged, e.g. the obligor’s own territory and territorial sea.'),
  rangeKm: numberOrParam(z.number().positive()).optional().describe("Weapon range to assume for every asset; by default each asset's catalogued range."),
  riskMarginKm: numberOrParam(z.number().nonnegative()).optional().describe('Out of reach by less than this counts as a risk.'),
});
type Params = z.infer<typeof params>;

const REPORT_BEYOND_M = 500_000;

function evaluate(ctx: EvalContext, p: Params): Draft[] {
  const beneficiary = ctx.beneficiaries[0];
  if (!p.target && !beneficiary) throw new Error(`${ctx.agreement.file}: standoff commitment "${ctx.commitment.id}" needs params.target or a beneficiary`);
  const target = p.target ? ctx.region(p.target) : ctx.territoryOf(beneficiary!);
  const exempt = (p.exempt ?? []).map((id) => ctx.region(id));
  const fixedRange = ctx.number(p.rangeKm);
  const risk = ctx.number(p.riskMarginKm, 0)!;
  const riskM = risk.value * 1000;
  const inClass = ctx.classMatcher(p.classes);
  const { lon, lat, time, asset: assetCol } = ctx.obs.positions;
  const noRange = new Set<number>();
  let exemptFixes = 0;
  let bestSeverity = -Infinity;
  const rangeOf = (asset: number): ResolvedNumber | undefined => {
    if (fixedRange) return fixedRange;
    const a = ctx.obs.assets.at(asset);
    if (a.weaponRangeKm === undefined) return undefined;
    // A class default (the asset's own fit unknown) is an assumption and is shown as one.
    return {
      value: a.weaponRangeKm,
      agreed: a.weaponRangeAssumption === undefined,
      ...(a.weaponRangeAssumption ? { parameter: 'class-default-weapon-range' } : {}),
      ...(a.weaponRangeSource ? { source: a.weaponRangeSource } : {}),
    };
  };
  const obligors = ctx.obligors;
  const wanted = (asset: number, row: number) => inClass(asset) && ctx.sideIndexOf(asset, time[row]!, obligors) >= 0;
  // Bounds first: a fix whose upper bound is within reach surely violates, and its exact figure is
  // needed only if it may be its stretch's closest (scanFixes refines those); a fix whose lower
  // bound is beyond every figure the report could use needs none.
  const field = distanceFieldOf(target, maxRangeM(ctx, fixedRange) + riskM + REPORT_BEYOND_M);
  let exactFixes = 0;
  const measure = (row: number): FixMeasure | undefined => {
    const range = rangeOf(assetCol[row]!);
    if (!range) {
      noRange.add(assetCol[row]!);
      return undefined;
    }
    const x = lon[row]!;
    const y = lat[row]!;
    if (exempt.some((r) => r.contains(x, y))) {
      exemptFixes++;
      return undefined;
    }
    const R = range.value * 1000;
    // Beyond the range and the margin, a fix's distance matters only if it would be the closest
    // (highest severity) so far: measuring no further than that spares most exact geodesics.
    const search = R + Math.max(riskM, Math.min(REPORT_BEYOND_M, -bestSeverity));
    let lower = field.bounds(x, y);
    // A cell whose band straddles the decision is narrowed to the fix's sub-cell before an exact distance.
    if (field.upper > R + riskM && lower <= search) lower = field.refine(x, y);
    if (field.upper <= R + riskM) {
      bestSeverity = Math.max(bestSeverity, R - field.upper);
      return { value: lower, violating: true, severity: R - lower, pending: true };
    }
    if (lower > search) return undefined;
    exactFixes++;
    const d = target.distance(x, y, search);
    if (!d) return undefined;
    bestSeverity = Math.max(bestSeverity, R - d.metres);
    // A lower bound can prove a ship out of reach, never in reach: only exact figures breach.
    return { value: d.metres, violating: !d.lowerBound && d.metres <= R + riskM, severity: R - d.metres, ...(d.lowerBound ? { lowerBound: true } : {}) };
  };
  // A ship at its berth repeats its position: the same point has the same distance.
  let lastX = NaN;
  let lastY = NaN;
  let lastD: Nearest | undefined;
  const refine = (row: number): FixMeasure => {
    const R = rangeOf(assetCol[row]!)!.value * 1000;
    const x = lon[row]!;
    const y = lat[row]!;
    if (x !== lastX || y !== lastY || !lastD) {
      exactFixes++;
      // The bounds put the fix within R + riskM, so the search cannot come back empty.
      lastD = target.distance(x, y, Infinity)!;
      lastX = x;
      lastY = y;
    }
    const d = lastD;
    return { value: d.metres, violating: true, severity: R - d.metres, ...(d.lowerBound ? { lowerBound: true } : {}) };
  };
  // A pending fix's bound from its sub-cell: R less the sub-cell's lower bound on the distance.
  const tighten = (row: number): number => rangeOf(assetCol[row]!)!.value * 1000 - field.refine(lon[row]!, lat[row]!);
  const scan = scanFixes(ctx, wanted, measure, undefined, refine, tighten);
  const steps = [
    placeStep(target),
    ...exempt.map((r) => ({ step: 'exempt place', detail: `${r.id}: ${r.description}` })),
    { step: 'method', detail: `distance to ${target.id} bounded per fix from a ${CELL_DEG}-degree grid of distances from cell centres (WGS84 geodesic), cells the decision runs through refined ${FINE} x ${FINE}; exact distances for the ${exactFixes} fix(es) the bounds could not settle or that could be a stretch's closest, ${scan.settledByBounds} fix(es) within reach settled by the bounds alone` },
  ];
  const who = ctx.obligors.join(', ');
  const what = classesPhrase(ctx, p.classes);
  const findings: Draft[] = [];

  // A stretch's finding is sorted by verdict, period and asset now and worded when handed over.
  const stretchFinding = (s: Stretch, breach: boolean, period: FindingDraft['period']): FindingDraft => {
    const range = rangeOf(s.asset)!;
    const R = range.value * 1000;
    const d = s.worstMeasure.value;
    const label = ctx.assetLabel(s.asset);
    const asset = ctx.obs.assets.at(s.asset);
    const rangeFrom = fixedRange
      ? fixedRange.parameter ? `parameter $${fixedRange.parameter}${fixedRange.agreed ? '' : ' (not agreed: an assumption)'}` : 'the commitment'
      : `${asset.weaponRangeAssumption ? `an ASSUMED class default (${asset.weaponRangeAssumption.trim()})` : 'the asset registry'}${range.source ? `; source: ${typeof range.source === 'string' ? range.source : range.source.title}` : ''}`;
    return {
      verdict: breach ? 'breach' : 'risk',
      period,
      assets: [ctx.obs.assets.at(s.asset).id],
      measures: [{ name: `distance to ${target.id}`, value: round(d, 1), limit: round(R, 1), unit: 'm', bound: 'min', ...assumptionOf(range) }],
      ...evidenceOf(ctx.obs, s.rows, [s.worst]),
      points: [keyPoint(ctx.obs, s.worst)],
      explanation: breach
        ? `${label}, a ${what} asset counted for ${who}, was ${km(d)} from ${target.id} at ${isoTime(time[s.worst]!)} (observation ${ctx.obs.positions.observationId(s.worst)}), within its weapon range of ${km(R)} taken from ${rangeFrom}, outside any exempt place, on the ${ctx.view} view. It stayed within reach in ${s.rows.length} fix(es) from ${period.from} to ${period.to}: a breach.`
        : `${label} stayed out of reach of ${target.id} but by less than the risk margin: ${km(d)} against a weapon range of ${km(R)} (${rangeFrom}) and a margin of ${km(riskM)}.`,
      trace: [...steps, { step: 'weapon range', detail: `${km(R)} from ${rangeFrom}` }, { step: 'figure', detail: `closest distance to ${target.id}: ${km(d)} at ${isoTime(time[s.worst]!)}` }, { step: 'limit', detail: `must stay at least ${km(R)} away` }],
    };
  };
  for (const s of scan.stretches) {
    const breach = s.worstMeasure.value <= rangeOf(s.asset)!.value * 1000;
    const period = periodOf(ctx.obs, s.rows);
    findings.push({ lazy: true, verdict: breach ? 'breach' : 'risk', period, assets: [ctx.obs.assets.at(s.asset).id], build: () => stretchFinding(s, breach, period) });
  }
  if (noRange.size) {
    const ids = [...noRange].map((a) => ctx.obs.assets.at(a).id).sort();
    findings.push({
      verdict: 'unverifiable',
      period: { from: isoTime(ctx.window.from), to: isoTime(ctx.window.to) },
      assets: ids,
      measures: [],
      evidence: [],
      evidenceCount: 0,
      points: [],
      explanation: `${ids.length} ${what} asset(s) counted for ${who} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}) have no known weapon range in the registry and the commitment sets none, so whether they could reach ${target.id} cannot be judged.`,
      trace: [...steps, { step: 'weapon range', detail: 'unknown for these assets' }],
    });
  }
  if (findings.some((f) => f.verdict !== 'unverifiable')) return findings;
  if (scan.fixesConsidered === 0) return [noDataFinding(ctx, what, steps)];
  const c = scan.closest;
  if (!c && noRange.size === scan.assetsConsidered.size) return findings;
  const closeText = c
    ? `the closest was ${ctx.assetLabel(assetCol[c.row]!)} at ${c.measure.lowerBound ? 'at least ' : ''}${km(c.measure.value)} from ${target.id}, ${km(-c.measure.severity)} beyond its reach, at ${isoTime(time[c.row]!)} (observation ${ctx.obs.positions.observationId(c.row)})`
    : exemptFixes > 0
      ? `${exemptFixes} fix(es) were in exempt places and not judged, and no other fix came within ${km(REPORT_BEYOND_M)} of reach`
      : `none came within ${km(REPORT_BEYOND_M)} of its reach`;
  findings.push({
    verdict: 'compliant',
    period: { from: isoTime(ctx.window.from), to: isoTime(ctx.window.to) },
    assets: [],
    measures: c ? [{ name: `distance to ${target.id} minus weapon range`, value: round(-c.measure.severity, 1), limit: 0, unit: 'm', bound: 'min', ...(c.measure.lowerBound ? { lowerBound: true } : {}) }] : [],
    ...evidenceOf(ctx.obs, c ? [c.row] : []),
    points: c ? [keyPoint(ctx.obs, c.row)] : [],
    explanation: `No fix of the ${scan.assetsConsidered.size - noRange.size} ${what} asset(s) with a known range counted for ${who} was within weapon range of ${target.id} outside the exempt places, on the ${ctx.view} view; ${closeText}.`,
    trace: [...steps, { step: 'observations', detail: `${scan.fixesConsidered} fixes` }, { step: 'figure', detail: closeText }],
  });
  return findings;
}

/** Fields are kept per region (a region is one place under one view) and reach, across checks. */
const fields = new WeakMap<Region, Map<number, DistanceField>>();

function distanceFieldOf(region: Region, reachM: number): DistanceField {
  let byReach = fields.get(region);
  if (!byReach) fields.set(region, (byReach = new Map()));
  let f = byReach.get(reachM);
  if (!f) byReach.set(reachM, (f = new DistanceField(region, reachM)));
  return f;
}

/** The longest range any fix can be judged with: the commitment's, or the longest in the registry. */
function maxRangeM(ctx: EvalContext, fixed: ResolvedNumber | undefined): number {
  if (fixed) return fixed.value * 1000;
  let km = 0;
  for (let i = 0; i < ctx.obs.assets.size; i++) km = Math.max(km, ctx.obs.assets.at(i).weaponRangeKm ?? 0);
  return km * 1000;
}

export const standoff: CommitmentKind<Params> = {
  kind: 'standoff',
  summary: "an asset is not where its weapon range reaches the beneficiary's territory",
  params,
  evaluate,
};
