/**
 * notify: an activity of the obligor at or above size thresholds is notified in advance: at least
 * `leadDays` before it starts, with a notified window holding its dates, and notified figures at
 * least those later reported.
 *
 * Judged on activity and notification events (a notification names the activity it announces).
 * Whether an activity is notifiable follows the rule in ../activity-limit/figures.ts: a verified or
 * partly verified report at or above a threshold makes it so; when only a not-verified report does,
 * a missing or faulty notice is a risk, not a breach. Per notifiable activity:
 * - no notification recorded: a breach only where a source states that it lists every notification
 *   of the party over the notice period (silence elsewhere proves nothing: unverifiable);
 * - notified, but later than `leadDays` before the start (days counted between calendar dates), or
 *   with a window that does not hold the activity's dates: breach;
 * - notified in time, but a report gives a larger figure than the notice: risk ("under-declared",
 *   the pattern of declaring just under a threshold and revising upward later);
 * - otherwise compliant. Activities below every threshold need no notice and are listed as such.
 */
import { z } from 'zod';
import { numberOrParam, type ResolvedNumber } from '../../../language/index.js';
import type { ActivityEvent, ActivityFigure, NotificationEvent } from '../../../observations/model.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { isoTime, round, type Measure, type TraceStep } from '../../finding.js';
import { activitiesOf, coveredBy, crossings, figureParams, FIGURE_UNIT, highest, reportText, thresholdsOf, type Crossing } from '../activity-limit/figures.js';
import { geodesicDistance } from '../../../geo/index.js';
import { assumptionOf, confidenceText, day, span, unverifiable } from '../common.js';
import type { CommitmentKind } from '../types.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The notice period: whole calendar days, or exact hours. */
interface Lead {
  n: ResolvedNumber;
  unit: 'days' | 'hours';
  ms: number;
}

const params = z
  .strictObject({
    place: z.string().min(1).optional().describe('Only activities held in this place need notice; default: anywhere.'),
    activityClasses: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'an activity class in kebab-case, e.g. icbm-launch'))
      .min(1)
      .optional()
      .describe('Only activities of these classes count, and each needs notice whatever its size (e.g. every ICBM launch); thresholds, if given, are then not used to decide.'),
    leadDays: numberOrParam(z.number().int().nonnegative()).optional().describe('The notice must be given at least this many days before the activity starts (calendar days).'),
    leadHours: numberOrParam(z.number().nonnegative()).optional().describe('The notice must be given at least this many hours before the activity starts (exact times).'),
    ...figureParams('an activity with at least this many must be notified'),
  })
  .refine((p) => (p.leadDays === undefined) !== (p.leadHours === undefined), 'give either "leadDays" or "leadHours"')
  .refine((p) => p.activityClasses !== undefined || Object.keys(FIGURE_UNIT).some((k) => p[k as keyof typeof FIGURE_UNIT] !== undefined), 'give "activityClasses" or at least one threshold: troops, tanks, acv, artillery or aircraft');
type Params = z.infer<typeof params>;

const n = (v: number) => v.toLocaleString('en-GB');
/** Whole calendar days from the notice's date to the start's date. */
const daysBefore = (notice: number, start: number) => Math.round((Date.parse(day(start)) - Date.parse(day(notice))) / DAY_MS);

function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const thresholds = p.activityClasses ? {} : thresholdsOf(ctx, p);
  const leadN = ctx.number(p.leadDays ?? p.leadHours)!;
  const lead: Lead = { n: leadN, unit: p.leadDays !== undefined ? 'days' : 'hours', ms: leadN.value * (p.leadDays !== undefined ? DAY_MS : HOUR_MS) };
  const where = p.place ? `in ${p.place}` : 'anywhere';
  const thresholdText = p.activityClasses
    ? `of class ${p.activityClasses.join(' or ')}`
    : `with at least ${Object.entries(thresholds)
        .map(([k, t]) => `${n(t.value)} ${FIGURE_UNIT[k as ActivityFigure]}`)
        .join(' or ')}`;
  const located = activitiesOf(ctx, p.place);
  const ofClass = (a: ActivityEvent) => !p.activityClasses || (a.class !== undefined && p.activityClasses.includes(a.class));
  const inside = located.inside.filter(ofClass);
  const unlocated = located.unlocated.filter(ofClass);
  const notices = ctx.obs.events.ofType('notification');
  const steps: TraceStep[] = [
    { step: 'commitment', detail: `activities of ${ctx.obligors.join(', ')} ${where} ${thresholdText} notified at least ${lead.n.value} ${lead.unit} before they start` },
    { step: 'observations', detail: `${inside.length} activity(ies), ${notices.length} notification(s)${unlocated.length ? `; ${unlocated.length} activity(ies) with no place given, not judged: ${unlocated.map((a) => a.name).join(', ')}` : ''}` },
    {
      step: 'rule',
      detail: p.activityClasses
        ? 'every activity of the classes is notifiable; recorded as verified or partly verified: breach if not notified in time; not verified: risk'
        : 'notifiable on a verified or partly verified report at or above a threshold (breach if not notified in time); only on a not-verified report: risk',
    },
    { step: 'judged once', detail: 'activities are placed by name, so the verdict does not depend on the view' },
  ];

  const findings: FindingDraft[] = [];
  const fine: string[] = [];
  const below: string[] = [];
  for (const a of inside) {
    // By class, an activity is notifiable as surely as its own record is sure.
    const c = p.activityClasses ? { firm: a.confidence !== 'not-verified', over: [] } : crossings(a, thresholds, (v, t) => v >= t);
    if (!c) {
      below.push(`${a.name} (${a.reports.map(reportText).join('; ')})`);
      continue;
    }
    const f = judge(ctx, a, c.firm, c.over, lead, thresholds, notices.filter((x) => x.activity === a.name && (x.party === a.party || ctx.obligors.includes(x.party))), steps);
    if (f) findings.push(f);
    else fine.push(a.name);
  }
  if (findings.length) return findings;
  if (!inside.length) {
    return [
      unverifiable(span(ctx.window.from, ctx.window.to), `No activity of ${ctx.obligors.join(', ')} ${where} is recorded for the period, so the data cannot show whether every notifiable activity was notified.`, steps),
    ];
  }
  return [
    {
      verdict: 'compliant',
      period: { from: isoTime(Math.max(ctx.window.from, Math.min(...inside.map((a) => a.time)))), to: isoTime(Math.min(ctx.window.to, Math.max(...inside.map((a) => a.end)))) },
      assets: [],
      measures: [],
      evidence: inside.map((a) => a.observation),
      evidenceCount: inside.length,
      points: [],
      explanation:
        (fine.length ? `Notified in time, with a window holding their dates and figures no lower than reported: ${fine.join(', ')}.` : 'No recorded activity reached a threshold.') +
        (below.length ? ` Below every threshold (${thresholdText}), so needing no notice: ${below.join('; ')}.` : ''),
      trace: [...steps, { step: 'figure', detail: `${fine.length} notified activity(ies) in order, ${below.length} below the thresholds` }, { step: 'limit', detail: `notice at least ${lead.n.value} ${lead.unit} ahead` }],
    },
  ];
}

function others(a: ActivityEvent, over: Crossing[]): string {
  const rest = a.reports.filter((r) => !over.some((x) => x.report === r));
  return rest.length ? ` Other reports: ${rest.map(reportText).join('; ')}.` : '';
}

function judge(ctx: EvalContext, a: ActivityEvent, firm: boolean, over: Crossing[], leadOf: Lead, thresholds: Partial<Record<ActivityFigure, ResolvedNumber>>, notices: NotificationEvent[], steps: TraceStep[]): FindingDraft | undefined {
  const lead = leadOf.n;
  const when = leadOf.unit === 'hours' ? isoTime : day;
  const why = a.class !== undefined && !over.length
    ? `${a.party}'s ${a.class} ${a.name} (${when(a.time)}${a.end !== a.time ? ` to ${when(a.end)}` : ''}; observation ${a.observation}; ${a.source}; ${confidenceText(a.confidence)}) needs notice by its class.`
    : `${a.party}'s activity ${a.name} (${day(a.time)} to ${day(a.end)}; observation ${a.observation}) reached the notification threshold: ${over.map((x) => `${n(x.value)} ${FIGURE_UNIT[x.figure]} against ${n(x.limit.value)}`).join(', ')}, by ${[...new Set(over.map((x) => x.report))].map(reportText).join('; ')}.${others(a, over)}`;
  const soft = firm ? '' : over.length ? ' Only a not-verified report puts it at the threshold, so this is a risk to be confirmed, not a breach.' : ' The activity itself is recorded as not verified, so this is a risk to be confirmed, not a breach.';
  const verdict = firm ? ('breach' as const) : ('risk' as const);
  const base = { period: { from: isoTime(a.time), to: isoTime(a.end) }, assets: [], points: [] };
  const leadText = `${lead.value} ${leadOf.unit}${lead.parameter ? ` ($${lead.parameter})` : ''}`;
  // Days are counted between calendar dates (notices are dated by day); hours between exact times.
  const aheadOf = (x: NotificationEvent) => (leadOf.unit === 'days' ? daysBefore(x.time, a.time) : Math.floor(((a.time - x.time) / HOUR_MS) * 10) / 10);
  const holds = (x: NotificationEvent) => x.from === undefined || x.to === undefined || (x.from <= a.time && x.to >= a.end);

  if (!notices.length) {
    const from = a.time - leadOf.ms;
    const cover = coveredBy(ctx, 'notification', a.party, from, a.time);
    if (!cover.length) {
      return {
        ...base,
        verdict: 'unverifiable',
        measures: [],
        evidence: [a.observation],
        evidenceCount: 1,
        explanation: `${why} No notification of it is recorded, but no source states that it lists every notification by ${a.party} from ${day(from)} to ${day(a.time)}, so its absence here does not show that none was given.`,
        trace: [...steps, { step: 'figure', detail: 'no notification recorded; no coverage of notifications for the notice period' }, { step: 'limit', detail: `notice at least ${leadText} ahead` }],
      };
    }
    return {
      ...base,
      verdict,
      measures: [{ name: 'notice given', value: null, limit: lead.value, unit: leadOf.unit, bound: 'min', ...assumptionOf(lead) }],
      evidence: [a.observation, ...cover.map((c) => c.observation)],
      evidenceCount: 1 + cover.length,
      explanation: `${why} It was not notified: the record of notifications, which states that it lists every notification by ${a.party} over the notice period (${cover.map((c) => c.source).join('; ')}), holds none for it.${soft}`,
      trace: [...steps, { step: 'figure', detail: 'no notification' }, { step: 'limit', detail: `notice at least ${leadText} ahead` }],
    };
  }

  // The notice that best satisfies the rule is judged: in time and holding the dates if any is.
  const rank = (x: NotificationEvent) => (aheadOf(x) >= lead.value ? 2 : 0) + (holds(x) ? 1 : 0);
  const notice = [...notices].sort((x, y) => rank(y) - rank(x) || x.time - y.time)[0]!;
  const ahead = aheadOf(notice);
  const noticeText = `notification ${notice.observation} given ${notice.latest ? 'no later than ' : ''}${when(notice.time)}${notice.from !== undefined && notice.to !== undefined ? ` for ${when(notice.from)} to ${when(notice.to)}` : ' (window not given)'} (${notice.source}; ${confidenceText(notice.confidence)})`;
  const evidence = [a.observation, notice.observation];
  if (ahead < lead.value && notice.latest) {
    return {
      ...base,
      verdict: 'unverifiable',
      measures: [{ name: 'notice given', value: null, limit: lead.value, unit: leadOf.unit, bound: 'min', ...assumptionOf(lead) }],
      evidence,
      evidenceCount: 2,
      explanation: `${why} A notification is reported (${noticeText}), but the source says only that it was given by then, not when, so whether it came at least ${leadText} ahead cannot be told.`,
      trace: [...steps, { step: 'figure', detail: `notice given no later than ${when(notice.time)}: lead unknown` }, { step: 'limit', detail: `at least ${leadText}` }],
    };
  }
  if (ahead < lead.value) {
    const u = leadOf.unit;
    return {
      ...base,
      verdict,
      measures: [{ name: 'notice given', value: ahead, limit: lead.value, unit: u, bound: 'min', ...assumptionOf(lead) }],
      evidence,
      evidenceCount: 2,
      explanation: `${why} It was notified late: ${noticeText}, ${ahead < 0 ? `${-ahead} ${u} after it started` : `${ahead} ${u} before it started`}, against at least ${leadText}.${soft}`,
      trace: [...steps, { step: 'figure', detail: `notice ${ahead} ${u} ahead` }, { step: 'limit', detail: `at least ${leadText}` }],
    };
  }
  const area = impactCheck(a, notice);
  if (area && !area.inside) {
    return {
      ...base,
      verdict,
      measures: [{ name: 'impact outside the notified area', value: round(area.outsideKm, 1), limit: 0, unit: 'km', bound: 'max' }],
      evidence,
      evidenceCount: 2,
      explanation: `${why} The notice came in time (${noticeText}) but the impact point (${a.impact!.join(', ')}) lies outside the notified impact area (${area.text}), ${round(area.outsideKm, 1)} km beyond it.${soft}`,
      trace: [...steps, { step: 'figure', detail: `impact ${round(area.outsideKm, 1)} km outside ${area.text}` }, { step: 'limit', detail: 'the notified impact area holds the impact point' }],
    };
  }
  if (!holds(notice)) {
    const nf = notice.from!;
    const nt = notice.to!;
    const outside = Math.round((Math.max(0, nf - a.time) + Math.max(0, a.end - nt)) / DAY_MS);
    return {
      ...base,
      verdict,
      measures: [{ name: 'days outside the notified window', value: outside, limit: 0, unit: 'days', bound: 'max' }],
      evidence,
      evidenceCount: 2,
      explanation: `${why} The notice came in time (${noticeText}, ${ahead} ${leadOf.unit} ahead) but its window does not hold the activity's dates: ${outside} day(s) of it fall outside.${soft}`,
      trace: [...steps, { step: 'figure', detail: `${outside} day(s) outside the window` }, { step: 'limit', detail: 'the notified window holds the activity' }],
    };
  }
  const under: Measure[] = [];
  const words: string[] = [];
  for (const k of Object.keys(thresholds) as ActivityFigure[]) {
    const h = highest(a, k);
    const told = notice[k] ?? 0;
    if (h && h.value > told) {
      under.push({ name: `${k} reported above notified`, value: h.value, limit: told, unit: FIGURE_UNIT[k], bound: 'max' });
      words.push(`${n(h.value)} ${FIGURE_UNIT[k]} by ${reportText(h.report)} against ${notice[k] === undefined ? 'none notified' : `${n(told)} notified`}`);
    }
  }
  if (notice.from === undefined || (notice.impactArea === undefined && a.impact !== undefined) || (area === undefined && notice.impactArea !== undefined)) {
    // In time, but part of what the notice should hold is not in the record: say which, so a
    // compliant verdict is not read as covering it.
    const missing = [
      notice.from === undefined ? 'the notified window' : '',
      notice.impactArea === undefined && a.impact !== undefined ? 'the notified impact area' : '',
      area === undefined && notice.impactArea !== undefined ? 'the impact point' : '',
    ].filter(Boolean);
    if (!under.length) {
      return {
        ...base,
        verdict: 'compliant',
        measures: [{ name: 'notice given', value: ahead, limit: lead.value, unit: leadOf.unit, bound: 'min', ...assumptionOf(lead) }],
        evidence,
        evidenceCount: 2,
        explanation: `${why} It was notified in time (${noticeText}, ${ahead} ${leadOf.unit} ahead). The record does not give ${missing.join(' or ')}, so that part of the notice is not judged.`,
        trace: [...steps, { step: 'figure', detail: `notice ${ahead} ${leadOf.unit} ahead; not judged: ${missing.join(', ')}` }, { step: 'limit', detail: `at least ${leadText}` }],
      };
    }
  }
  if (under.length) {
    return {
      ...base,
      verdict: 'risk',
      measures: under,
      evidence,
      evidenceCount: 2,
      explanation: `${why} It was notified in time (${noticeText}, ${ahead} ${leadOf.unit} ahead) but under-declared: ${words.join('; ')}. A notice below the size later reported is a risk: the activity may have been larger than announced.`,
      trace: [...steps, { step: 'figure', detail: words.join('; ') }, { step: 'limit', detail: 'notified figures at least those reported' }],
    };
  }
  return undefined;
}

/** Whether the activity's impact point lies in the notified impact area (geodesic for a circle). */
function impactCheck(a: ActivityEvent, x: NotificationEvent): { inside: boolean; outsideKm: number; text: string } | undefined {
  if (!a.impact || !x.impactArea) return undefined;
  const [lon, lat] = a.impact;
  if ('center' in x.impactArea) {
    const { center, radiusKm } = x.impactArea;
    const km = geodesicDistance(lon, lat, center[0], center[1]) / 1000;
    return { inside: km <= radiusKm, outsideKm: Math.max(0, km - radiusKm), text: `a circle of ${radiusKm} km around ${center.join(', ')}` };
  }
  const [w, s, e, nn] = x.impactArea.bbox;
  const inside = lon >= w && lon <= e && lat >= s && lat <= nn;
  const cl = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const km = inside ? 0 : geodesicDistance(lon, lat, cl(lon, w, e), cl(lat, s, nn)) / 1000;
  return { inside, outsideKm: km, text: `the box ${x.impactArea.bbox.join(', ')}` };
}

export const notify: CommitmentKind<Params> = {
  kind: 'notify',
  summary: 'an activity at or above size thresholds (or of given classes, e.g. ICBM launches) is notified at least N days or hours before it starts, with a window holding its dates, an impact area holding its impact point, and figures no lower than reported',
  params,
  judges: 'events',
  evaluate,
};
