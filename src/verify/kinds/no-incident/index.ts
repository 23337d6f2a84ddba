/**
 * no-incident: the forces of opposing parties do not come closer than a distance, and do not do
 * barred acts (simulated attacks, aerobatics over ships, dropping objects), as judged on reported
 * incidents at sea and in the air.
 *
 * Where separation measures tracks, this kind judges what a report says happened: the closest
 * approach as reported and the acts reported. It covers the documented incidents, for which no
 * track exists. An incident counts when its reported side acts for one of `sides` and the other
 * side for another at the time (alliance membership as of the date), both platforms are of the
 * covered classes, and, with a `region`, it is placed there: by the region's geometry on the view
 * judged when the report gives a point (then judged under every view), by name otherwise. The rule on trust is the one
 * of the other kinds on reports: a verified or partly verified report of a closer approach or of a
 * barred act is a breach; a not-verified one a risk. A reported approach at or above `minDistanceM`
 * but under `riskDistanceM` is a risk; a report that gives neither a distance nor a barred act
 * cannot be judged (unverifiable). With no report the verdict rests on coverage, as for no-attack.
 */
import { z } from 'zod';
import { numberOrParam, type ResolvedNumber } from '../../../language/index.js';
import type { IncidentEvent } from '../../../observations/model.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { isoTime, round, type Measure, type TraceStep } from '../../finding.js';
import { actsForObligor, assumptionOf, confidenceText, day, noReportFindings, placedIn } from '../common.js';
import type { CommitmentKind } from '../types.js';

const classId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a class id in kebab-case, e.g. surface-warship');

const params = z
  .strictObject({
    classes: z.array(z.string().min(1)).min(1).describe("Asset classes of the agreement on the reported side: an incident's actorClass is the class id or one of its match.classes."),
    against: z.array(z.string().min(1)).min(1).optional().describe('Asset classes of the other side, if different (e.g. non-military ships for the 1973 Protocol); default: the same classes.'),
    sides: z.array(z.string().min(1)).min(2).optional().describe('The opposing parties; default: the obligors.'),
    region: z.string().min(1).optional().describe('Only incidents placed in this place (by its id, or a territory by ISO3) count; default: anywhere.'),
    acts: z.array(classId).min(1).optional().describe('Acts barred whatever the distance, e.g. simulated-attack, aerobatics-over-ship, dropping-objects.'),
    minDistanceM: numberOrParam(z.number().positive()).optional().describe('A reported closest approach under this (metres) is a breach.'),
    riskDistanceM: numberOrParam(z.number().positive()).optional().describe('A reported closest approach under this but not under minDistanceM is a risk.'),
  })
  .refine((p) => p.acts !== undefined || p.minDistanceM !== undefined, 'give "acts" (barred acts) or "minDistanceM" (a distance), or both');
type Params = z.infer<typeof params>;

const n = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 0 });

function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const { from, to } = ctx.window;
  const sides = p.sides ?? ctx.obligors;
  const match = (ids: string[]) => {
    const decls = ids.map((id) => ctx.agreement.decl.assetClasses.find((c) => c.id === id));
    return (c: string) => ids.includes(c) || decls.some((d) => d?.match?.classes?.includes(c));
  };
  const actorOk = match(p.classes);
  const targetOk = match(p.against ?? p.classes);
  const sideOf = (party: string, at: number) => sides.findIndex((s) => s === party || ctx.agreement.statesOf(s, at).includes(party));
  const min = ctx.number(p.minDistanceM);
  const risk = ctx.number(p.riskDistanceM);
  const barred = new Set(p.acts ?? []);
  const where = p.region ? ` in ${p.region}` : '';
  const rule = [min ? `no approach closer than ${n(min.value)} m${min.agreed ? '' : ' (not agreed: an assumption)'}` : '', barred.size ? `no ${[...barred].join(', ')}` : ''].filter(Boolean).join('; ');

  const all = ctx.obs.events.ofType('incident').filter((e) => e.time >= from && e.time <= to);
  const skipped: string[] = [];
  const judged: IncidentEvent[] = [];
  const byPoint: string[] = [];
  for (const e of all) {
    const a = sideOf(e.party, e.time);
    const b = sideOf(e.against, e.time);
    // Placed only once sides and classes hold, so a point decides the view only where it matters.
    const placed = () => {
      const at = placedIn(ctx, p.region!, e, e.time);
      if (at.byPoint) byPoint.push(`${e.observation} at ${e.point!.join(', ')}: ${at.inside ? 'inside' : 'outside'}`);
      return at.inside;
    };
    const why =
      a < 0 || b < 0 || a === b
        ? `${e.party} against ${e.against} are not opposing sides of ${sides.join(', ')} on ${day(e.time)}`
        : !actorOk(e.actorClass) || !targetOk(e.targetClass)
          ? `${e.actorClass} against ${e.targetClass} are not covered classes`
          : p.region && !placed()
            ? `not placed in ${p.region} (${e.point ? `point ${e.point.join(', ')} outside it on the ${ctx.view} view` : (e.place ?? 'no place named')})`
            : !actsForObligor(ctx, e.party, e.time)
              ? `${e.party} is not an obligor`
              : '';
    if (why) skipped.push(`${e.observation} (${why})`);
    else judged.push(e);
  }
  const steps: TraceStep[] = [
    { step: 'commitment', detail: `between ${sides.join(' and ')}${where}, ${p.classes.join('/')} against ${(p.against ?? p.classes).join('/')}: ${rule}` },
    { step: 'observations', detail: `${all.length} incident report(s), ${judged.length} covered${skipped.length ? `; not covered: ${skipped.join('; ')}` : ''}` },
    { step: 'rule', detail: 'a verified or partly verified report of a closer approach or a barred act: breach; a not-verified one: risk; judged on the reported figure, not on a track' },
    byPoint.length
      ? { step: 'view', detail: `${byPoint.length} report(s) give a point, placed on the map of ${p.region} under the ${ctx.view} view (${byPoint.join('; ')}); reports with only a name are placed by it` }
      : { step: 'judged once', detail: 'reports are placed by name, so the verdict does not depend on the view' },
  ];
  const onView = byPoint.length > 0 ? { onView: true } : {};
  if (judged.length) return judged.map((e) => ({ ...judge(e, min, risk, barred, steps), ...onView }));
  return noReportFindings(ctx, {
    type: 'incident',
    from,
    to,
    measure: 'incidents reported',
    steps,
    compliant: (c, f, t) => `No incident between ${sides.join(' and ')}${where} is reported from ${day(f)} to ${day(t)}: the source, which states that it lists every incident report on ${c.party} over that period (${c.source}), records none.`,
    unverifiable: `No covered incident between ${sides.join(' and ')}${where} is reported for the period, and no source states that it lists every incident, so the data can show neither an incident nor that there was none.`,
    figure: 'no covered incident reported',
    limit: rule,
  }).map((d) => ({ ...d, ...onView }));
}

function judge(e: IncidentEvent, min: ResolvedNumber | undefined, risk: ResolvedNumber | undefined, barred: Set<string>, steps: TraceStep[]): FindingDraft {
  const firm = e.confidence !== 'not-verified';
  const acts = e.acts.filter((a) => barred.has(a));
  const closer = min !== undefined && e.distanceM !== undefined && e.distanceM < min.value;
  const near = !closer && risk !== undefined && e.distanceM !== undefined && e.distanceM < risk.value;
  const measures: Measure[] = [];
  if (e.distanceM !== undefined && min) measures.push({ name: 'reported closest approach', value: round(e.distanceM, 0), limit: min.value, unit: 'm', bound: 'min', ...assumptionOf(min) });
  if (barred.size) measures.push({ name: 'barred acts reported', value: acts.length, limit: 0, unit: 'acts', bound: 'max' });
  const who = `${e.actorName ?? e.actorClass} of ${e.party} and ${e.targetName ?? e.targetClass} of ${e.against}`;
  const dist = e.distanceM !== undefined ? `closest approach ${e.distanceReported ? `${e.distanceReported} (` : ''}${n(e.distanceM)} m${e.distanceReported ? ')' : ''}` : 'no distance reported';
  const said = `On ${day(e.time)}${e.place ? ` in ${e.place}` : ''}, ${who}: ${dist}${e.acts.length ? `; acts reported: ${e.acts.join(', ')}` : ''} (observation ${e.observation}; source: ${e.source}; ${confidenceText(e.confidence)}${e.note ? `; ${e.note}` : ''}).`;
  const limitText = min ? `${n(min.value)} m${min.parameter ? ` ($${min.parameter}${min.agreed ? '' : ', not agreed: an assumption'})` : ''}` : '';
  const base = { period: { from: isoTime(e.time), to: isoTime(e.time) }, assets: [], measures, evidence: [e.observation], evidenceCount: 1, points: [], obligor: [e.party] };
  if (closer || acts.length) {
    const what = [closer ? `an approach closer than ${limitText}` : '', acts.length ? `the barred act(s) ${acts.join(', ')}` : ''].filter(Boolean).join(' and ');
    return {
      ...base,
      verdict: firm ? 'breach' : 'risk',
      explanation: `${said} The report gives ${what}. ${firm ? 'A report of this trust is a breach by ' + e.party + '.' : 'The report is not verified, so this is a risk to be confirmed, not a breach.'}`,
      trace: [...steps, { step: 'figure', detail: `${dist}; barred acts: ${acts.join(', ') || 'none'}` }, { step: 'limit', detail: [limitText ? `at least ${limitText}` : '', barred.size ? `no ${[...barred].join(', ')}` : ''].filter(Boolean).join('; ') }],
    };
  }
  if (near) {
    return {
      ...base,
      verdict: 'risk',
      explanation: `${said} The reported approach keeps the ${limitText} but comes within ${n(risk.value)} m${risk.agreed ? '' : ' (not agreed: an assumption)'}: a near-miss.`,
      trace: [...steps, { step: 'figure', detail: dist }, { step: 'limit', detail: `at least ${limitText}; risk under ${n(risk.value)} m` }],
    };
  }
  if (e.distanceM === undefined || !min) {
    return {
      ...base,
      verdict: 'unverifiable',
      explanation: `${said} ${min ? `The report gives no distance${barred.size ? ' and none of the barred acts' : ''}` : 'The report gives none of the barred acts, and the commitment sets no distance'}, so it can show neither a breach nor compliance.`,
      trace: [...steps, { step: 'figure', detail: dist }, { step: 'limit', detail: limitText ? `at least ${limitText}` : `no ${[...barred].join(', ')}` }],
    };
  }
  return {
    ...base,
    verdict: 'compliant',
    explanation: `${said} The reported approach keeps the ${limitText}${barred.size ? ' and no barred act is reported' : ''}.`,
    trace: [...steps, { step: 'figure', detail: dist }, { step: 'limit', detail: `at least ${limitText}` }],
  };
}

export const noIncident: CommitmentKind<Params> = {
  kind: 'no-incident',
  summary: 'forces of opposing parties come no closer than a distance and do no barred acts (simulated attacks, dropping objects), judged on reported incidents at sea and in the air',
  params,
  judges: 'events',
  evaluate,
};
