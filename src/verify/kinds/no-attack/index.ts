/**
 * no-attack: the obligor uses no force against targets of the given classes (optionally only in a
 * place) during the window.
 *
 * Judged on attack reports. The rule: a report is an allegation until a guarantor attests it. A
 * report attested by a guarantor (one of `guarantors` when given, else any party other than the
 * alleged actor) is a breach; an unattested one is a risk ("alleged"), whatever its confidence,
 * since the confidence tags how sure we are of the report, not of the attack. Each finding names
 * the actor, the source, the confidence and the attestation. With no report the verdict rests on
 * coverage, as for activity-limit: compliant where a source states that it lists every attack
 * report on the obligor over the period, unverifiable elsewhere. A report that gives a point is
 * placed by the place's geometry on the view judged (and then judged under every view, since a point
 * in contested territory is inside on one map only); one with only a name, by the name.
 */
import { z } from 'zod';
import type { AttackEvent } from '../../../observations/model.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { isoTime, type TraceStep } from '../../finding.js';
import { actsForObligor, confidenceText, day, noReportFindings, placedIn } from '../common.js';
import type { CommitmentKind } from '../types.js';

const params = z.strictObject({
  targets: z
    .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a target class in kebab-case, e.g. energy-infrastructure'))
    .min(1)
    .describe('The classes of target the obligor must not use force against, e.g. energy-infrastructure, merchant-vessel.'),
  place: z.string().min(1).optional().describe('Only attacks in this place count (a place id; a territory also matches its states by ISO3); default: anywhere.'),
  guarantors: z.array(z.string().min(1)).min(1).optional().describe('The parties whose attestation makes a report a breach; default: any party other than the alleged actor.'),
});
type Params = z.infer<typeof params>;


function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const { from, to } = ctx.window;
  const targets = new Set(p.targets);
  const where = p.place ? `in ${p.place}` : 'anywhere';
  const what = `no use of force by ${ctx.obligors.join(', ')} against ${p.targets.join(', ')} ${where}`;
  const ofObligor = ctx.obs.events
    .ofType('attack')
    .filter((a) => a.time >= from && a.time <= to && targets.has(a.target))
    .filter((a) => actsForObligor(ctx, a.party, a.time));
  const placed = ofObligor.map((a) => ({ a, at: p.place === undefined ? { inside: true, byPoint: false } : placedIn(ctx, p.place, a, a.time) }));
  const inside = placed.filter((x) => x.at.inside).map((x) => x.a);
  const byPoint = placed.filter((x) => x.at.byPoint);
  const unplaced = p.place === undefined ? [] : ofObligor.filter((a) => a.place === undefined && a.point === undefined);
  const steps: TraceStep[] = [
    { step: 'commitment', detail: what },
    { step: 'observations', detail: `${inside.length} attack report(s) judged${unplaced.length ? `; ${unplaced.length} with neither a place named nor a point, not judged: ${unplaced.map((a) => a.observation).join(', ')}` : ''}` },
    { step: 'rule', detail: `attested by a guarantor${p.guarantors ? ` (${p.guarantors.join(', ')})` : ' (a party other than the alleged actor)'}: breach; unattested: risk (alleged)` },
    byPoint.length
      ? { step: 'view', detail: `${byPoint.length} report(s) give a point, placed on the map of ${p.place} under the ${ctx.view} view (${byPoint.map((x) => `${x.a.observation} at ${x.a.point!.join(', ')}: ${x.at.inside ? 'inside' : 'outside'}`).join('; ')}); reports with only a name are placed by it` }
      : { step: 'judged once', detail: 'reports are placed by name, so the verdict does not depend on the view' },
  ];
  const onView = byPoint.length > 0 ? { onView: true } : {};
  if (inside.length) return inside.map((a) => ({ ...reportFinding(a, p, steps), ...onView }));

  return noReportFindings(ctx, {
    type: 'attack',
    from,
    to,
    measure: 'attacks reported',
    steps,
    compliant: (c, f, t) => `No use of force by ${c.party} against ${p.targets.join(', ')} ${where} is reported from ${day(f)} to ${day(t)}: the source, which states that it lists every attack report on ${c.party} over that period (${c.source}), records none.`,
    unverifiable: `No attack by ${ctx.obligors.join(', ')} on ${p.targets.join(', ')} ${where} is reported for the period, and no source states that it lists every report, so the data can show neither an attack nor that there was none.`,
    figure: 'no attack reported',
    limit: 'no attack',
  }).map((d) => ({ ...d, ...onView }));
}

function reportFinding(a: AttackEvent, p: Params, steps: TraceStep[]): FindingDraft {
  const guarantor = a.attested !== undefined && (p.guarantors ? p.guarantors.includes(a.attested.by) : a.attested.by !== a.party);
  const where = a.place !== undefined ? ` in ${a.place}` : a.point ? ` at ${a.point[0]}, ${a.point[1]}` : '';
  const attestation = a.attested
    ? `attested by ${a.attested.by} on ${day(a.attested.date)}${guarantor ? '' : ' (not a guarantor of this commitment, so the report stays an allegation)'}`
    : 'not attested by a guarantor';
  return {
    verdict: guarantor ? 'breach' : 'risk',
    period: { from: isoTime(a.time), to: isoTime(a.time) },
    assets: [],
    measures: [{ name: 'attacks reported', value: 1, limit: 0, unit: 'reports', bound: 'max' }],
    evidence: [a.observation],
    evidenceCount: 1,
    points: [],
    explanation:
      `${guarantor ? '' : 'Alleged: '}${a.party} used force against ${a.target}${where} on ${day(a.time)} (observation ${a.observation}; source: ${a.source}; ${confidenceText(a.confidence)}; ${attestation}${a.note ? `; ${a.note}` : ''}). ` +
      (guarantor ? 'An attested attack on a protected target is a breach.' : 'Until a guarantor attests it, this is a risk to be confirmed, not a breach.'),
    trace: [...steps, { step: 'figure', detail: `${a.target} attacked by ${a.party} on ${day(a.time)} (${a.observation}); ${attestation}` }, { step: 'limit', detail: 'no attack' }],
  };
}

export const noAttack: CommitmentKind<Params> = {
  kind: 'no-attack',
  summary: 'the obligor uses no force against targets of given classes (e.g. energy infrastructure, merchant vessels), optionally in a place',
  params,
  judges: 'events',
  evaluate,
};
