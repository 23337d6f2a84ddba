/**
 * ceiling: the obligor's declared holdings of given classes inside a place stay at or below a
 * ceiling: a number in the commitment, or a baseline, the holdings declared as of a date (the
 * Russia-NATO draft's "forces stationed there on 27 May 1997").
 *
 * Judged on holding declarations and reports. Holdings are kept apart by holder, place and class,
 * since a baseline is per state, place and class. A baseline is the declaration of the same holder,
 * place and class that stands on the baseline date; where there is none, the commitment's
 * `otherwise` number (usually a not-agreed parameter, an assumption) stands in, and without one the
 * figure cannot be judged (unverifiable, since the limit is unknown). The rule on trust is
 * activity-limit's: a verified or partly verified figure over the ceiling is a breach, a not-verified
 * one a risk. A figure given only as "at least" shows a breach when it is over, never compliance.
 * With no declaration standing in the window the data can tell nothing: unverifiable.
 */
import { z } from 'zod';
import { isoDate, numberOrParam, parseTime, type ResolvedNumber } from '../../../language/index.js';
import type { HoldingEvent } from '../../../observations/model.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { isoTime, type Measure, type TraceStep } from '../../finding.js';
import { actsForObligor, assumptionOf, confidenceText, day, namedIn, span, unverifiable } from '../common.js';
import type { CommitmentKind } from '../types.js';

const limitNumber = numberOrParam(z.number().int().nonnegative());

const params = z
  .strictObject({
    classes: z.array(z.string().min(1)).min(1).describe("Asset classes of the agreement whose holdings count: a holding's class is the class id or one of its match.classes."),
    places: z.array(z.string().min(1)).min(1).optional().describe('Only holdings in these places count (a place id; a territory also matches its states by ISO3); default: anywhere.'),
    exceptOwnTerritory: z.boolean().default(false).describe("true: a holder's holdings on its own state's territory do not count (\"on the territory of any other state\")."),
    limit: limitNumber.optional().describe('The ceiling as a number (or a named parameter).'),
    baseline: z
      .strictObject({
        asOf: isoDate.describe('The ceiling is the holdings declared as standing on this date, per holder, place and class.'),
        otherwise: limitNumber.optional().describe('The ceiling where no declaration stands on that date (usually a not-agreed parameter: an assumption).'),
      })
      .optional(),
  })
  .refine((p) => (p.limit === undefined) !== (p.baseline === undefined), 'give either "limit" (a number) or "baseline" (holdings as of a date)');
type Params = z.infer<typeof params>;

const n = (v: number) => v.toLocaleString('en-GB');
const keyOf = (h: HoldingEvent) => `${h.party}|${h.place}|${h.class}`;
const holdingText = (h: HoldingEvent) =>
  `${h.lowerBound ? 'at least ' : ''}${n(h.count)} ${h.class}${h.system ? ` (${h.system})` : ''} of ${h.party} in ${h.place}, ${h.basis} as of ${day(h.time)}${h.until !== h.time ? ` to ${day(h.until)}` : ''} (observation ${h.observation}; ${h.source}; ${confidenceText(h.confidence)})`;

interface Limit {
  value: ResolvedNumber;
  /** The declaration the baseline rests on, when there is one. */
  from?: HoldingEvent;
  text: string;
}

function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const { from, to } = ctx.window;
  const decls = p.classes.map((id) => ctx.agreement.decl.assetClasses.find((c) => c.id === id));
  const classMatch = (c: string) => p.classes.includes(c) || decls.some((d) => d?.match?.classes?.includes(c));
  const inPlace = (h: HoldingEvent) => p.places === undefined || p.places.some((id) => namedIn(ctx, id, h.place, h.time));
  const own = (h: HoldingEvent) => p.exceptOwnTerritory && h.place === (ctx.agreement.statesOf(h.party, h.time)[0] ?? h.party);
  const all = ctx.obs.events.ofType('holding').filter((h) => classMatch(h.class) && actsForObligor(ctx, h.party, h.time) && inPlace(h) && !own(h));
  const judged = all.filter((h) => h.until >= from && h.time <= to);

  const asOf = p.baseline ? parseTime(p.baseline.asOf) : undefined;
  const limitFor = (h: HoldingEvent): Limit | undefined => {
    if (p.limit !== undefined) {
      const v = ctx.number(p.limit)!;
      return { value: v, text: `${n(v.value)}${v.parameter ? ` ($${v.parameter}${v.agreed ? '' : ', not agreed'})` : ''}` };
    }
    const base = all
      .filter((b) => keyOf(b) === keyOf(h) && b.time <= asOf! && b.until >= asOf! && !b.lowerBound)
      .sort((a, b) => b.time - a.time || Number(b.confidence === 'verified') - Number(a.confidence === 'verified'))[0];
    if (base) return { value: { value: base.count, agreed: true }, from: base, text: `${n(base.count)}, the holdings declared as of ${p.baseline!.asOf} (${holdingText(base)})` };
    const o = ctx.number(p.baseline!.otherwise);
    if (!o) return undefined;
    return { value: o, text: `${n(o.value)}${o.parameter ? ` ($${o.parameter}${o.agreed ? '' : ', not agreed: an assumption'})` : ''}, taken as the holdings of ${p.baseline!.asOf} since no declaration of ${h.party}'s ${h.class} in ${h.place} stands on that date` };
  };

  const where = p.places ? `in ${p.places.join(', ')}` : 'anywhere';
  const ceilingText = p.limit !== undefined ? `at most ${ctx.number(p.limit)!.value}` : `at most the holdings as of ${p.baseline!.asOf}`;
  const steps: TraceStep[] = [
    { step: 'commitment', detail: `holdings of ${p.classes.join('/')} of ${ctx.obligors.join(', ')} ${where}${p.exceptOwnTerritory ? ' (outside the holder\'s own territory)' : ''} ${ceilingText}` },
    { step: 'observations', detail: `${judged.length} holding declaration(s) or report(s) standing in the window` },
    { step: 'rule', detail: 'over the ceiling on a verified or partly verified figure: breach; on a not-verified one: risk; an "at least" figure shows only a breach' },
    { step: 'judged once', detail: 'holdings are placed by name, so the verdict does not depend on the view' },
  ];

  const findings: FindingDraft[] = [];
  const fine: { h: HoldingEvent; limit: Limit }[] = [];
  const unknown: HoldingEvent[] = [];
  for (const h of judged) {
    const limit = limitFor(h);
    if (!limit) {
      unknown.push(h);
      continue;
    }
    if (h.count > limit.value.value) findings.push(overFinding(h, limit, steps));
    else if (!h.lowerBound) fine.push({ h, limit });
  }
  for (const h of unknown) {
    findings.push({
      ...unverifiable({ from: isoTime(h.time), to: isoTime(h.until) }, `${holdingText(h)}. No declaration of ${h.party}'s ${h.class} in ${h.place} stands on the baseline date ${p.baseline!.asOf}, and the commitment gives no number in its place, so the ceiling for this figure is unknown and it can be judged neither over nor within it.`, steps),
      evidence: [h.observation],
      evidenceCount: 1,
    });
  }
  if (findings.some((f) => f.verdict !== 'unverifiable')) return findings;
  if (fine.length) {
    const evidence = [...new Set(fine.flatMap(({ h, limit }) => [h.observation, ...(limit.from && limit.from !== h ? [limit.from.observation] : [])]))];
    const closest = fine.reduce((a, b) => (b.h.count - b.limit.value.value > a.h.count - a.limit.value.value ? b : a));
    findings.push({
      verdict: 'compliant',
      period: span(Math.max(from, Math.min(...fine.map((x) => x.h.time))), Math.min(to, Math.max(...fine.map((x) => x.h.until)))),
      assets: [],
      measures: [{ name: 'holdings', value: closest.h.count, limit: closest.limit.value.value, unit: closest.h.class, bound: 'max', ...assumptionOf(closest.limit.value) }],
      evidence,
      evidenceCount: evidence.length,
      points: [],
      explanation: `Every declared figure standing in the period is at or below its ceiling: ${fine.map(({ h, limit }) => `${holdingText(h)} against ${limit.text}`).join('; ')}. The closest to its ceiling is shown as the measure.`,
      trace: [...steps, { step: 'figure', detail: fine.map(({ h }) => `${h.party} ${h.class} in ${h.place}: ${h.count}`).join('; ') }, { step: 'limit', detail: fine.map(({ h, limit }) => `${h.party} ${h.class} in ${h.place}: at most ${limit.value.value}`).join('; ') }],
    });
    return findings;
  }
  if (findings.length) return findings;
  return [
    unverifiable(
      span(from, to),
      `No declaration or report of the holdings of ${p.classes.join('/')} of ${ctx.obligors.join(', ')} ${where} stands in the period, so the data can show neither holdings over the ceiling nor within it.`,
      steps,
    ),
  ];
}

function overFinding(h: HoldingEvent, limit: Limit, steps: TraceStep[]): FindingDraft {
  const firm = h.confidence !== 'not-verified';
  const measures: Measure[] = [{ name: 'holdings', value: h.count, limit: limit.value.value, unit: h.class, bound: 'max', ...(h.lowerBound ? { lowerBound: true } : {}), ...assumptionOf(limit.value) }];
  const evidence = [h.observation, ...(limit.from ? [limit.from.observation] : [])];
  return {
    verdict: firm ? 'breach' : 'risk',
    period: { from: isoTime(h.time), to: isoTime(h.until) },
    assets: [],
    measures,
    evidence,
    evidenceCount: evidence.length,
    points: [],
    explanation:
      `${holdingText(h)}: over the ceiling of ${limit.text}, by ${h.lowerBound ? 'at least ' : ''}${n(h.count - limit.value.value)}. ` +
      (firm ? 'A verified or partly verified figure over the ceiling is a breach.' : 'Only a not-verified figure puts it over, so this is a risk to be confirmed, not a breach.'),
    trace: [...steps, { step: 'figure', detail: `${h.lowerBound ? 'at least ' : ''}${h.count} ${h.class} of ${h.party} in ${h.place} as of ${day(h.time)} (${h.observation})` }, { step: 'limit', detail: `at most ${limit.value.value}${limit.from ? ` (baseline ${limit.from.observation})` : limit.value.parameter ? ` ($${limit.value.parameter})` : ''}` }],
  };
}

export const ceiling: CommitmentKind<Params> = {
  kind: 'ceiling',
  summary: "the obligor's declared holdings of given classes in a place stay at or below a number or the holdings declared as of a baseline date",
  params,
  judges: 'events',
  evaluate,
};
