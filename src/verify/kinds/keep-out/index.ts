/**
 * keep-out: assets of given classes of the obligor are not inside a place.
 * A stretch of consecutive fixes inside the place is one breach; fixes outside but within the
 * optional risk margin make a risk finding. With no entry, the finding says how close the data came.
 */
import { z } from 'zod';
import { numberOrParam } from '../../../language/index.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { duration, evidenceOf, keyPoint, km, periodOf } from '../../evidence.js';
import { isoTime, round, type Measure } from '../../finding.js';
import { DEFAULT_MAX_GAP_MS, scanFixes, type FixMeasure } from '../../scan.js';
import { assumptionOf, classesPhrase, noDataFinding, placeStep, unionRegion } from '../common.js';
import type { CommitmentKind } from '../types.js';

const params = z.strictObject({
  places: z.array(z.string()).min(1).describe('The places the assets must stay out of (their union).'),
  classes: z.array(z.string()).min(1).describe('Asset classes the commitment covers.'),
  riskMarginKm: numberOrParam(z.number().nonnegative()).optional().describe('Outside the place but this close counts as a risk.'),
});
type Params = z.infer<typeof params>;

/** How far outside the place we still look, to say how close a compliant asset came. */
const REPORT_RADIUS_M = 200_000;

function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const region = unionRegion(p.places.map((id) => ctx.region(id)));
  const risk = ctx.number(p.riskMarginKm, 0)!;
  const riskM = risk.value * 1000;
  const inClass = ctx.classMatcher(p.classes);
  const { lon, lat, time } = ctx.obs.positions;
  const obligors = ctx.obligors;
  const wanted = (asset: number, row: number) => inClass(asset) && ctx.sideIndexOf(asset, time[row]!, obligors) >= 0;
  // Outside the place, a fix's distance matters only inside the risk margin or when it would be the
  // closest fix so far (the figure a compliant finding reports); once a fix was inside, only the
  // margin. Measuring no further than that keeps the exact geodesics to the few fixes that need one.
  let reportWithin = Math.max(REPORT_RADIUS_M, riskM);
  const measure = (row: number): FixMeasure | undefined => {
    const x = lon[row]!;
    const y = lat[row]!;
    if (region.contains(x, y)) {
      const depth = region.boundaryDistance?.(x, y, Infinity)?.metres ?? 0;
      reportWithin = riskM;
      return { value: depth, violating: true, severity: depth };
    }
    if (reportWithin <= 0) return undefined;
    const d = region.distance(x, y, reportWithin);
    if (!d) return undefined;
    reportWithin = Math.max(riskM, Math.min(reportWithin, d.metres));
    // A risk rests on an exact distance: a lower bound inside the margin proves nothing.
    return { value: -d.metres, violating: !d.lowerBound && d.metres <= riskM && riskM > 0, severity: -d.metres, ...(d.lowerBound ? { lowerBound: true } : {}) };
  };
  const scan = scanFixes(ctx, wanted, measure, DEFAULT_MAX_GAP_MS);
  const steps = region.parts.map(placeStep);
  const who = ctx.obligors.join(', ');
  const what = classesPhrase(ctx, p.classes);
  const observed = { step: 'observations', detail: `${scan.fixesConsidered} fixes of ${scan.assetsConsidered.size} ${what} asset(s) of ${who} between ${isoTime(ctx.window.from)} and ${isoTime(ctx.window.to)}` };

  const findings: FindingDraft[] = [];
  for (const s of scan.stretches) {
    const inside = s.rows.filter((r) => region.contains(lon[r]!, lat[r]!));
    const breach = inside.length > 0;
    const period = periodOf(ctx.obs, s.rows);
    const spanMs = Date.parse(period.to) - Date.parse(period.from);
    const depth = s.worstMeasure.value;
    const measures: Measure[] = breach
      ? [
          { name: 'deepest entry into the place', value: round(depth, 1), limit: 0, unit: 'm', bound: 'max' },
          { name: 'time inside (first to last fix inside)', value: round(spanMs / 60_000, 2), limit: 0, unit: 'min', bound: 'max' },
        ]
      : [{ name: 'distance outside the place', value: round(-depth, 1), limit: round(riskM, 1), unit: 'm', bound: 'min', ...assumptionOf(risk) }];
    const asset = ctx.assetLabel(s.asset);
    const explanation = breach
      ? `${asset}, a ${what} asset counted for ${who}, was inside ${region.id} (${region.kind}, on the ${ctx.view} view) in ${inside.length} fix(es) from ${period.from} to ${period.to} (${duration(spanMs)}), reaching ${km(depth)} inside its boundary at ${isoTime(time[s.worst]!)} (observation ${ctx.obs.positions.observationId(s.worst)}). The commitment allows no presence there, so this is a breach.`
      : `${asset}, a ${what} asset counted for ${who}, stayed outside ${region.id} but came within ${km(-depth)} of it at ${isoTime(time[s.worst]!)}, inside the risk margin of ${km(riskM)}; no fix was inside, so this is a risk, not a breach.`;
    findings.push({
      verdict: breach ? 'breach' : 'risk',
      period,
      assets: [ctx.obs.assets.at(s.asset).id],
      measures,
      ...evidenceOf(ctx.obs, s.rows, [s.worst]),
      points: [keyPoint(ctx.obs, s.worst)],
      explanation,
      trace: [...steps, observed, { step: 'figure', detail: `${breach ? 'deepest entry' : 'closest approach'} ${km(Math.abs(depth))} at ${isoTime(time[s.worst]!)} (${ctx.obs.positions.observationId(s.worst)})` }, { step: 'limit', detail: breach ? 'any fix inside the place is a breach' : `risk margin ${km(riskM)}` }],
    });
  }
  if (findings.length) return findings;
  if (scan.fixesConsidered === 0) return [noDataFinding(ctx, what, steps)];
  const c = scan.closest;
  const closeText = c
    ? `the closest any of them came was ${c.measure.lowerBound ? 'at least ' : ''}${km(-c.measure.value)} from the boundary, by ${ctx.assetLabel(ctx.obs.positions.asset[c.row]!)} at ${isoTime(time[c.row]!)} (observation ${ctx.obs.positions.observationId(c.row)})`
    : `none came within ${km(REPORT_RADIUS_M)} of it`;
  return [
    {
      verdict: 'compliant',
      period: { from: isoTime(ctx.window.from), to: isoTime(ctx.window.to) },
      assets: [],
      measures: c ? [{ name: 'closest approach to the place', value: round(-c.measure.value, 1), limit: round(riskM, 1), unit: 'm', bound: 'min', ...(c.measure.lowerBound ? { lowerBound: true } : {}), ...assumptionOf(risk) }] : [],
      ...evidenceOf(ctx.obs, c ? [c.row] : []),
      points: c ? [keyPoint(ctx.obs, c.row)] : [],
      explanation: `None of the ${scan.fixesConsidered} fixes of ${scan.assetsConsidered.size} ${what} asset(s) counted for ${who} was inside ${region.id} (${region.kind}, on the ${ctx.view} view); ${closeText}.`,
      trace: [...steps, observed, { step: 'figure', detail: closeText }, { step: 'limit', detail: 'no fix inside the place' }],
    },
  ];
}

export const keepOut: CommitmentKind<Params> = {
  kind: 'keep-out',
  summary: 'assets of given classes of the obligor are not inside a place',
  params,
  evaluate,
};
