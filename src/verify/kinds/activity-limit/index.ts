/**
 * activity-limit: the obligor's military activities (exercises) inside a place stay at or under
 * size limits: troops, battle tanks, armoured combat vehicles, artillery, aircraft.
 *
 * Judged on activity events. Each activity over a limit is one finding: a breach when a verified or
 * partly verified report puts it over, a risk when only a not-verified one does (the rule in
 * ./figures.ts); its measures are the highest crossing figure per limit, from those reports. With
 * none over, one compliant finding names the activities judged. With no activity in the window the
 * verdict rests on coverage, as for no-accession: compliant where a source states that it lists
 * every activity of the party, unverifiable elsewhere.
 */
import { z } from 'zod';
import type { ActivityEvent } from '../../../observations/model.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { isoTime, type Measure, type TraceStep } from '../../finding.js';
import { assumptionOf, day, span, unverifiable } from '../common.js';
import type { CommitmentKind } from '../types.js';
import { activitiesOf, crossings, figureParams, FIGURE_UNIT, reportText, thresholdsOf, type Crossing } from './figures.js';

const params = z
  .strictObject({
    place: z.string().min(1).optional().describe('Only activities held in this place count; default: anywhere.'),
    ...figureParams('an activity may have at most this many'),
  })
  .refine((p) => Object.keys(FIGURE_UNIT).some((k) => p[k as keyof typeof FIGURE_UNIT] !== undefined), 'give at least one limit: troops, tanks, acv, artillery or aircraft');
type Params = z.infer<typeof params>;


function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const limits = thresholdsOf(ctx, p);
  const where = p.place ? `in ${p.place}` : 'anywhere';
  const limitText = Object.entries(limits)
    .map(([k, n]) => `${n.value.toLocaleString('en-GB')} ${FIGURE_UNIT[k as keyof typeof FIGURE_UNIT]}`)
    .join(', ');
  const { inside, unlocated } = activitiesOf(ctx, p.place);
  const steps: TraceStep[] = [
    { step: 'commitment', detail: `activities of ${ctx.obligors.join(', ')} ${where} at most ${limitText}` },
    { step: 'observations', detail: `${inside.length} activity(ies) judged${unlocated.length ? `; ${unlocated.length} with no place given, not judged: ${unlocated.map((a) => a.name).join(', ')}` : ''}` },
    { step: 'rule', detail: 'each report judged on its own; over on a verified or partly verified report: breach; over only on a not-verified report: risk' },
    { step: 'judged once', detail: 'activities are placed by name, so the verdict does not depend on the view' },
  ];

  const findings: FindingDraft[] = [];
  for (const a of inside) {
    const c = crossings(a, limits, (v, lim) => v > lim);
    if (c) findings.push(overFinding(a, c.firm, c.over, where, steps));
  }
  if (findings.length) return findings;

  if (inside.length) {
    const from = Math.max(ctx.window.from, Math.min(...inside.map((a) => a.time)));
    const to = Math.min(ctx.window.to, Math.max(...inside.map((a) => a.end)));
    return [
      {
        verdict: 'compliant',
        period: span(from, to),
        assets: [],
        measures: [],
        evidence: inside.map((a) => a.observation),
        evidenceCount: inside.length,
        points: [],
        explanation: `Every recorded activity of ${ctx.obligors.join(', ')} ${where} stayed within the limits (${limitText}) on every report: ${inside.map((a) => `${a.name} (${day(a.time)} to ${day(a.end)}; ${a.reports.map(reportText).join('; ')})`).join('; ')}.`,
        trace: [...steps, { step: 'figure', detail: 'no report over a limit' }, { step: 'limit', detail: limitText }],
      },
    ];
  }
  const covered = ctx.obs.events.coverage.filter((c) => c.type === 'activity' && ctx.obligors.includes(c.party) && c.to >= ctx.window.from && c.from <= ctx.window.to);
  if (covered.length) {
    return covered.map((c) => ({
      verdict: 'compliant' as const,
      period: span(Math.max(c.from, ctx.window.from), Math.min(c.to, ctx.window.to)),
      assets: [],
      measures: [],
      evidence: [c.observation],
      evidenceCount: 1,
      points: [],
      explanation: `${c.party} held no activity ${where} from ${day(Math.max(c.from, ctx.window.from))} to ${day(Math.min(c.to, ctx.window.to))}: the source, which states that it lists every activity of ${c.party} over that period (${c.source}), records none, so none exceeded the limits.`,
      trace: [...steps, { step: 'figure', detail: 'no activity' }, { step: 'limit', detail: limitText }],
    }));
  }
  return [
    unverifiable(span(ctx.window.from, ctx.window.to), `No activity of ${ctx.obligors.join(', ')} ${where} is recorded for the period, and no source states that it lists every one, so the data can show neither an activity over the limits nor that there was none.`, steps),
  ];
}

function overFinding(a: ActivityEvent, firm: boolean, over: Crossing[], where: string, steps: TraceStep[]): FindingDraft {
  const measures: Measure[] = over.map((x) => ({ name: x.figure, value: x.value, limit: x.limit.value, unit: FIGURE_UNIT[x.figure], bound: 'max', ...assumptionOf(x.limit) }));
  const what = over.map((x) => `${x.value.toLocaleString('en-GB')} ${FIGURE_UNIT[x.figure]} against at most ${x.limit.value.toLocaleString('en-GB')}`).join(', ');
  const others = a.reports.filter((r) => !over.some((x) => x.report === r));
  return {
    verdict: firm ? 'breach' : 'risk',
    period: { from: isoTime(a.time), to: isoTime(a.end) },
    assets: [],
    measures,
    evidence: [a.observation],
    evidenceCount: 1,
    points: [],
    explanation:
      `${a.party}'s activity ${a.name} ${where} (${day(a.time)} to ${day(a.end)}; observation ${a.observation}) was over the limit: ${what}, ` +
      `by the report${over.length > 1 ? 's' : ''} ${[...new Set(over.map((x) => x.report))].map(reportText).join('; ')}.` +
      (others.length ? ` Other reports: ${others.map(reportText).join('; ')}.` : '') +
      (firm ? ' A verified or partly verified report over the limit makes this a breach, whatever the party declared.' : ' Only a not-verified report puts it over, so this is a risk to be confirmed, not a breach.'),
    trace: [...steps, { step: 'figure', detail: what }, { step: 'limit', detail: over.map((x) => `${x.figure} at most ${x.limit.value}`).join(', ') }],
  };
}

export const activityLimit: CommitmentKind<Params> = {
  kind: 'activity-limit',
  summary: "the obligor's military activities (exercises) in a place stay at or under limits of troops, tanks, ACVs, artillery, aircraft",
  params,
  judges: 'events',
  evaluate,
};
