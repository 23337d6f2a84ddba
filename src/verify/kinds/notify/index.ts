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
import { isoTime, type Measure, type TraceStep } from '../../finding.js';
import { activitiesOf, coveredBy, crossings, figureParams, FIGURE_UNIT, highest, reportText, thresholdsOf, type Crossing } from '../activity-limit/figures.js';
import { assumptionOf, day, span, unverifiable } from '../common.js';
import type { CommitmentKind } from '../types.js';

const DAY_MS = 86_400_000;

const params = z
  .strictObject({
    place: z.string().min(1).optional().describe('Only activities held in this place need notice; default: anywhere.'),
    leadDays: numberOrParam(z.number().int().nonnegative()).describe('The notice must be given at least this many days before the activity starts.'),
    ...figureParams('an activity with at least this many must be notified'),
  })
  .refine((p) => Object.keys(FIGURE_UNIT).some((k) => p[k as keyof typeof FIGURE_UNIT] !== undefined), 'give at least one threshold: troops, tanks, acv, artillery or aircraft');
type Params = z.infer<typeof params>;

const n = (v: number) => v.toLocaleString('en-GB');
/** Whole calendar days from the notice's date to the start's date. */
const daysBefore = (notice: number, start: number) => Math.round((Date.parse(day(start)) - Date.parse(day(notice))) / DAY_MS);

function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const thresholds = thresholdsOf(ctx, p);
  const lead = ctx.number(p.leadDays)!;
  const where = p.place ? `in ${p.place}` : 'anywhere';
  const thresholdText = Object.entries(thresholds)
    .map(([k, t]) => `${n(t.value)} ${FIGURE_UNIT[k as ActivityFigure]}`)
    .join(' or ');
  const { inside, unlocated } = activitiesOf(ctx, p.place);
  const notices = ctx.obs.events.ofType('notification');
  const steps: TraceStep[] = [
    { step: 'commitment', detail: `activities of ${ctx.obligors.join(', ')} ${where} with at least ${thresholdText} notified at least ${lead.value} days before they start` },
    { step: 'observations', detail: `${inside.length} activity(ies), ${notices.length} notification(s)${unlocated.length ? `; ${unlocated.length} activity(ies) with no place given, not judged: ${unlocated.map((a) => a.name).join(', ')}` : ''}` },
    { step: 'rule', detail: 'notifiable on a verified or partly verified report at or above a threshold (breach if not notified in time); only on a not-verified report: risk' },
    { step: 'judged once', detail: 'activities are placed by name, so the verdict does not depend on the view' },
  ];

  const findings: FindingDraft[] = [];
  const fine: string[] = [];
  const below: string[] = [];
  for (const a of inside) {
    const c = crossings(a, thresholds, (v, t) => v >= t);
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
      trace: [...steps, { step: 'figure', detail: `${fine.length} notified activity(ies) in order, ${below.length} below the thresholds` }, { step: 'limit', detail: `notice at least ${lead.value} days ahead` }],
    },
  ];
}

function others(a: ActivityEvent, over: Crossing[]): string {
  const rest = a.reports.filter((r) => !over.some((x) => x.report === r));
  return rest.length ? ` Other reports: ${rest.map(reportText).join('; ')}.` : '';
}

function judge(ctx: EvalContext, a: ActivityEvent, firm: boolean, over: Crossing[], lead: ResolvedNumber, thresholds: Partial<Record<ActivityFigure, ResolvedNumber>>, notices: NotificationEvent[], steps: TraceStep[]): FindingDraft | undefined {
  const why = `${a.party}'s activity ${a.name} (${day(a.time)} to ${day(a.end)}; observation ${a.observation}) reached the notification threshold: ${over.map((x) => `${n(x.value)} ${FIGURE_UNIT[x.figure]} against ${n(x.limit.value)}`).join(', ')}, by ${[...new Set(over.map((x) => x.report))].map(reportText).join('; ')}.${others(a, over)}`;
  const soft = firm ? '' : ' Only a not-verified report puts it at the threshold, so this is a risk to be confirmed, not a breach.';
  const verdict = firm ? ('breach' as const) : ('risk' as const);
  const base = { period: { from: isoTime(a.time), to: isoTime(a.end) }, assets: [], points: [] };
  const leadText = `${lead.value} days${lead.parameter ? ` ($${lead.parameter})` : ''}`;

  if (!notices.length) {
    const from = a.time - lead.value * DAY_MS;
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
      measures: [{ name: 'notice given', value: null, limit: lead.value, unit: 'days', bound: 'min', ...assumptionOf(lead) }],
      evidence: [a.observation, ...cover.map((c) => c.observation)],
      evidenceCount: 1 + cover.length,
      explanation: `${why} It was not notified: the record of notifications, which states that it lists every notification by ${a.party} over the notice period (${cover.map((c) => c.source).join('; ')}), holds none for it.${soft}`,
      trace: [...steps, { step: 'figure', detail: 'no notification' }, { step: 'limit', detail: `notice at least ${leadText} ahead` }],
    };
  }

  // The notice that best satisfies the rule is judged: in time and holding the dates if any is.
  const rank = (x: NotificationEvent) => (daysBefore(x.time, a.time) >= lead.value ? 2 : 0) + (x.from <= a.time && x.to >= a.end ? 1 : 0);
  const notice = [...notices].sort((x, y) => rank(y) - rank(x) || x.time - y.time)[0]!;
  const ahead = daysBefore(notice.time, a.time);
  const noticeText = `notification ${notice.observation} given ${day(notice.time)} for ${day(notice.from)} to ${day(notice.to)} (${notice.source})`;
  const evidence = [a.observation, notice.observation];
  if (ahead < lead.value) {
    return {
      ...base,
      verdict,
      measures: [{ name: 'notice given', value: ahead, limit: lead.value, unit: 'days', bound: 'min', ...assumptionOf(lead) }],
      evidence,
      evidenceCount: 2,
      explanation: `${why} It was notified late: ${noticeText}, ${ahead < 0 ? `${-ahead} days after it started` : `${ahead} days before it started`}, against at least ${leadText}.${soft}`,
      trace: [...steps, { step: 'figure', detail: `notice ${ahead} days ahead` }, { step: 'limit', detail: `at least ${leadText}` }],
    };
  }
  if (notice.from > a.time || notice.to < a.end) {
    const outside = Math.round((Math.max(0, notice.from - a.time) + Math.max(0, a.end - notice.to)) / DAY_MS);
    return {
      ...base,
      verdict,
      measures: [{ name: 'days outside the notified window', value: outside, limit: 0, unit: 'days', bound: 'max' }],
      evidence,
      evidenceCount: 2,
      explanation: `${why} The notice came in time (${noticeText}, ${ahead} days ahead) but its window does not hold the activity's dates: ${outside} day(s) of it fall outside.${soft}`,
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
  if (under.length) {
    return {
      ...base,
      verdict: 'risk',
      measures: under,
      evidence,
      evidenceCount: 2,
      explanation: `${why} It was notified in time (${noticeText}, ${ahead} days ahead) but under-declared: ${words.join('; ')}. A notice below the size later reported is a risk: the activity may have been larger than announced.`,
      trace: [...steps, { step: 'figure', detail: words.join('; ') }, { step: 'limit', detail: 'notified figures at least those reported' }],
    };
  }
  return undefined;
}

export const notify: CommitmentKind<Params> = {
  kind: 'notify',
  summary: 'an activity at or above size thresholds is notified at least N days before it starts, with a window holding its dates and figures no lower than reported',
  params,
  judges: 'events',
  evaluate,
};
