/**
 * What activity-limit and notify share: figure thresholds in params, which activities a commitment
 * is about (the obligor's, in its place), and how reports of differing trust are read.
 *
 * The rule on several reports of one activity: each report is judged on its own, and the party's
 * own declaration does not outweigh a later, larger report. A verified or partly verified report
 * that crosses a threshold makes the activity cross it (a breach where crossing is barred); one
 * that only a not-verified report puts across is a risk. Where several reports of that trust cross,
 * the highest figure is the one shown.
 */
import { z } from 'zod';
import { numberOrParam, type ResolvedNumber } from '../../../language/index.js';
import { ACTIVITY_FIGURES, type ActivityEvent, type ActivityFigure, type ActivityReport } from '../../../observations/model.js';
import type { EvalContext } from '../../context.js';
import { actsForObligor, confidenceText, namedIn } from '../common.js';

export const figureParams = (what: string) =>
  Object.fromEntries(
    ACTIVITY_FIGURES.map((k) => [k, numberOrParam(z.number().int().nonnegative()).optional().describe(`${FIGURE_UNIT[k]}: ${what}`)]),
  ) as Record<ActivityFigure, z.ZodOptional<ReturnType<typeof numberOrParam>>>;

export const FIGURE_UNIT: Record<ActivityFigure, string> = {
  troops: 'troops',
  tanks: 'battle tanks',
  acv: 'armoured combat vehicles',
  artillery: 'artillery pieces',
  aircraft: 'aircraft',
};

export type Thresholds = Partial<Record<ActivityFigure, ResolvedNumber>>;

export function thresholdsOf(ctx: EvalContext, p: Partial<Record<ActivityFigure, number | string | undefined>>): Thresholds {
  const out: Thresholds = {};
  for (const k of ACTIVITY_FIGURES) {
    const n = ctx.number(p[k]);
    if (n) out[k] = n;
  }
  return out;
}

export const trusted = (r: ActivityReport) => r.confidence !== 'not-verified';
export const reportText = (r: ActivityReport) =>
  `${r.basis} ${ACTIVITY_FIGURES.filter((k) => r[k] !== undefined)
    .map((k) => `${r[k]!.toLocaleString('en-GB')} ${FIGURE_UNIT[k]}`)
    .join(', ')} (${r.source}; ${confidenceText(r.confidence)})`;

/** A figure of one report that crosses its threshold. */
export interface Crossing {
  figure: ActivityFigure;
  value: number;
  limit: ResolvedNumber;
  report: ActivityReport;
}

/**
 * The figures that cross, per figure the highest, from the most trusted reports that cross any:
 * `firm` when a verified or partly verified report crosses, else from not-verified ones.
 */
export function crossings(a: ActivityEvent, t: Thresholds, crosses: (value: number, limit: number) => boolean): { firm: boolean; over: Crossing[] } | undefined {
  const pick = (reports: ActivityReport[]): Crossing[] => {
    const out: Crossing[] = [];
    for (const k of Object.keys(t) as ActivityFigure[]) {
      let best: Crossing | undefined;
      for (const r of reports) {
        const v = r[k];
        if (v !== undefined && crosses(v, t[k]!.value) && (!best || v > best.value)) best = { figure: k, value: v, limit: t[k]!, report: r };
      }
      if (best) out.push(best);
    }
    return out;
  };
  const firm = pick(a.reports.filter(trusted));
  if (firm.length) return { firm: true, over: firm };
  const weak = pick(a.reports.filter((r) => !trusted(r)));
  return weak.length ? { firm: false, over: weak } : undefined;
}

/** The highest reported value of a figure over all reports, with the report. */
export function highest(a: ActivityEvent, k: ActivityFigure): { value: number; report: ActivityReport } | undefined {
  let best: { value: number; report: ActivityReport } | undefined;
  for (const r of a.reports) if (r[k] !== undefined && (!best || r[k]! > best.value)) best = { value: r[k]!, report: r };
  return best;
}

/** The obligor's activities overlapping the window, split by whether they are known to be in the place. */
export function activitiesOf(ctx: EvalContext, place: string | undefined): { inside: ActivityEvent[]; unlocated: ActivityEvent[] } {
  const { from, to } = ctx.window;
  const ofObligor = ctx.obs.events
    .ofType('activity')
    .filter((a) => a.end >= from && a.time <= to)
    .filter((a) => actsForObligor(ctx, a.party, a.time));
  if (place === undefined) return { inside: ofObligor, unlocated: [] };
  return { inside: ofObligor.filter((a) => namedIn(ctx, place, a.place, a.time)), unlocated: ofObligor.filter((a) => a.place === undefined) };
}

/**
 * The coverage statements of a type that cover all of [from, to] for a party: its own, or an obligor
 * alliance's that counts the party among its states then.
 */
export function coveredBy(ctx: EvalContext, type: 'activity' | 'notification', party: string, from: number, to: number) {
  const speaksFor = (p: string) => p === party || (ctx.obligors.includes(p) && ctx.agreement.statesOf(p, from).includes(party));
  return ctx.obs.events.coverage.filter((c) => c.type === type && speaksFor(c.party) && c.from <= from && c.to >= to);
}
