/**
 * no-transfer: the obligor supplies no arms (of the given classes), gives no intelligence support
 * and has no military cooperation with a named state during the window.
 *
 * Judged on transfer reports. The rule on trust is activity-limit's (../activity-limit/figures.ts):
 * a verified or partly verified report of a barred transfer is a breach, one that only a
 * not-verified report gives is a risk. An arms report that names no classes, under a commitment
 * that bars only some classes, is a risk too: it may or may not be of a barred class. With no
 * barred transfer reported the verdict rests on coverage: compliant where a source states that it
 * lists every transfer by the obligor over the period, unverifiable elsewhere.
 */
import { z } from 'zod';
import { TRANSFER_CATEGORIES, type TransferEvent } from '../../../observations/model.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { isoTime, type TraceStep } from '../../finding.js';
import { actsForObligor, confidenceText, day, noReportFindings } from '../common.js';
import type { CommitmentKind } from '../types.js';

const iso3 = z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code');

const params = z.strictObject({
  to: z
    .union([iso3, z.array(iso3).min(1)])
    .describe('The state (ISO 3166-1 alpha-3) the obligor must not supply or cooperate with, or a list of them (e.g. a class of states a draft names).'),
  categories: z.array(z.enum(TRANSFER_CATEGORIES)).min(1).describe('What is barred: arms, intelligence (support), military-cooperation.'),
  armsClasses: z
    .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a class id in kebab-case'))
    .min(1)
    .optional()
    .describe('For arms: only these classes are barred; default: any arms.'),
});
type Params = z.infer<typeof params>;

const dates = (t: TransferEvent) => (t.end === t.time ? `on ${day(t.time)}` : `from ${day(t.time)} to ${day(t.end)}`);

function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const { from, to } = ctx.window;
  const recipients = new Set(typeof p.to === 'string' ? [p.to] : p.to);
  const toText = [...recipients].join(', ');
  const categories = new Set(p.categories);
  const barred = p.categories.map((c) => (c === 'arms' && p.armsClasses ? `arms (${p.armsClasses.join(', ')})` : c)).join(', ');
  const ofObligor = ctx.obs.events
    .ofType('transfer')
    .filter((t) => t.end >= from && t.time <= to && recipients.has(t.recipient) && categories.has(t.category))
    .filter((t) => actsForObligor(ctx, t.party, t.time));
  // A class-restricted arms ban: a report of other classes is outside it; one naming none may be inside.
  const judged = ofObligor.filter((t) => t.category !== 'arms' || !p.armsClasses || !t.classes || t.classes.some((c) => p.armsClasses!.includes(c)));
  const steps: TraceStep[] = [
    { step: 'commitment', detail: `no ${barred} from ${ctx.obligors.join(', ')} to ${toText}` },
    { step: 'observations', detail: `${judged.length} barred transfer report(s)${ofObligor.length > judged.length ? `; ${ofObligor.length - judged.length} of arms of other classes, outside the commitment` : ''}` },
    { step: 'rule', detail: 'verified or partly verified report: breach; not-verified report, or arms of unnamed classes under a class-restricted ban: risk' },
    { step: 'judged once', detail: 'the verdict uses no map, so it does not depend on the view' },
  ];
  if (judged.length) return judged.map((t) => reportFinding(t, p, steps));

  return noReportFindings(ctx, {
    type: 'transfer',
    from,
    to,
    measure: 'transfers reported',
    steps,
    compliant: (c, f, t) => `${c.party} made no transfer of ${barred} to ${toText} from ${day(f)} to ${day(t)}: the source, which states that it lists every transfer by ${c.party} over that period (${c.source}), records none.`,
    unverifiable: `No transfer of ${barred} from ${ctx.obligors.join(', ')} to ${toText} is recorded for the period, and no source states that it lists every transfer, so the data can show neither a transfer nor that there was none.`,
    figure: 'no barred transfer',
    limit: 'no transfer',
  });
}

function reportFinding(t: TransferEvent, p: Params, steps: TraceStep[]): FindingDraft {
  const unclassed = t.category === 'arms' && p.armsClasses !== undefined && t.classes === undefined;
  const firm = t.confidence !== 'not-verified' && !unclassed;
  const what = `${t.category}${t.classes ? ` (${t.classes.join(', ')})` : ''}`;
  return {
    verdict: firm ? 'breach' : 'risk',
    period: { from: isoTime(t.time), to: isoTime(t.end) },
    assets: [],
    measures: [{ name: 'transfers reported', value: 1, limit: 0, unit: 'reports', bound: 'max' }],
    evidence: [t.observation],
    evidenceCount: 1,
    points: [],
    explanation:
      `${t.party} supplied ${what} to ${t.recipient} ${dates(t)} (observation ${t.observation}; source: ${t.source}; ${confidenceText(t.confidence)}${t.note ? `; ${t.note}` : ''}). ` +
      (firm
        ? 'A verified or partly verified report of a barred transfer is a breach.'
        : unclassed
          ? `The report names no classes and only ${p.armsClasses!.join(', ')} are barred, so this is a risk to be confirmed, not a breach.`
          : 'Only a not-verified report gives it, so this is a risk to be confirmed, not a breach.'),
    trace: [...steps, { step: 'figure', detail: `${what} to ${t.recipient} ${dates(t)} (${t.observation})` }, { step: 'limit', detail: 'no transfer' }],
  };
}

export const noTransfer: CommitmentKind<Params> = {
  kind: 'no-transfer',
  summary: 'the obligor supplies no arms (of given classes), intelligence support or military cooperation to a named state',
  params,
  judges: 'events',
  evaluate,
};
