/**
 * no-accession: an alliance admits no new member (or none of a given list) after a date.
 *
 * Judged on membership events. Each admission in the window is one breach, citing the event. With
 * none, the verdict rests on coverage: a source that lists every admission over a period shows
 * there was none in it (compliant); for any part of the window no source covers, silence proves
 * nothing (unverifiable). An admission is a breach whatever the coverage: the event itself is the
 * evidence.
 */
import { z } from 'zod';
import { isoDate, parseTime } from '../../../language/index.js';
import type { EventCoverage, MembershipEvent } from '../../../observations/model.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { isoTime, MAX_EVIDENCE, type TraceStep } from '../../finding.js';
import { day, unverifiable } from '../common.js';
import type { CommitmentKind } from '../types.js';

const DAY_MS = 86_400_000;

const params = z.strictObject({
  alliance: z.string().min(1).describe('The alliance (a declared party) that must admit no new member.'),
  after: isoDate.optional().describe('Admissions from the day after this date on count; before it the alliance was as it was. Default: the start of the effective period or of the check.'),
  states: z
    .array(z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code'))
    .min(1)
    .optional()
    .describe('Only the admission of these states is barred (ISO 3166-1 alpha-3); default: any state.'),
});
type Params = z.infer<typeof params>;


function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const from = Math.max(ctx.window.from, p.after !== undefined ? parseTime(p.after) + DAY_MS : -Infinity);
  const coverage = ctx.obs.events.coverageOf('membership', p.alliance);
  const joins = ctx.obs.events.ofType('membership').filter((e) => e.party === p.alliance && e.change === 'join');
  // An open end of the window closes where the data ends, as a position kind's window does.
  const dataEnd = Math.max(-Infinity, ...coverage.map((c) => c.to), ...joins.map((e) => e.time));
  const dataStart = Math.min(Infinity, ...coverage.map((c) => c.from), ...joins.map((e) => e.time));
  const start = Number.isFinite(from) ? from : dataStart;
  const end = Number.isFinite(ctx.window.to) ? ctx.window.to : dataEnd;
  const barred = p.states ? new Set(p.states) : undefined;
  const what = barred ? `any of ${[...barred].join(', ')}` : 'any new member';
  const steps: TraceStep[] = [
    { step: 'commitment', detail: `no admission to ${p.alliance} of ${what}${p.after !== undefined ? ` after ${p.after}` : ''}; judged from ${Number.isFinite(start) ? day(start) : 'the start of the data'} to ${Number.isFinite(end) ? day(end) : 'the end of the data'}` },
    { step: 'judged once', detail: 'the verdict uses no map, so it does not depend on the view' },
  ];

  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    return [noData(p.alliance, start, end, steps, 'no membership events or coverage statements for it were given')];
  }
  if (end < start) {
    if (Number.isFinite(ctx.window.to)) return [noData(p.alliance, start, Infinity, steps, `the period judged ends (${day(end)}) before the commitment bars admissions`)];
    return [noData(p.alliance, start, Infinity, steps, `the membership data given for it ends on ${day(end)}, before the period judged begins`)];
  }
  const inWindow = joins.filter((e) => e.time >= start && e.time <= end);
  const admitted = inWindow.filter((e) => !barred || barred.has(e.state));
  const observed: TraceStep = {
    step: 'observations',
    detail: `${inWindow.length} admission(s) to ${p.alliance} in the window${barred ? `, ${admitted.length} of them of a listed state` : ''}; ${coverage.length} coverage statement(s)`,
  };

  if (admitted.length) {
    return admitted.map((e) => breachOf(p.alliance, barred ? `any of ${[...barred].join(', ')}` : 'a new member', e, p.after, steps, observed));
  }

  const covered = clip(coverage, start, end);
  const findings: FindingDraft[] = [];
  if (covered.length) {
    const sources = [...new Set(covered.flatMap((c) => c.sources))];
    const observations = covered.flatMap((c) => c.observations);
    const spans = covered.map((c) => `${day(c.from)} to ${day(c.to)}`).join(', ');
    const ignored = inWindow.length ? ` The ${inWindow.length} admission(s) of states not on the list (${inWindow.map((e) => `${e.state} on ${day(e.time)}`).join(', ')}) are outside the commitment.` : '';
    findings.push({
      verdict: 'compliant',
      period: { from: isoTime(covered[0]!.from), to: isoTime(covered[covered.length - 1]!.to) },
      assets: [],
      measures: [{ name: 'members admitted', value: 0, limit: 0, unit: 'states', bound: 'max' }],
      evidence: observations.slice(0, MAX_EVIDENCE),
      evidenceCount: observations.length,
      points: [],
      explanation: `${p.alliance} admitted ${barred ? `none of ${[...barred].join(', ')}` : 'no new member'} from ${spans}: the membership data, which states that it lists every admission to ${p.alliance} over that period (${sources.join('; ')}), records none.${ignored}`,
      trace: [...steps, observed, { step: 'figure', detail: `0 admissions in ${spans}` }, { step: 'limit', detail: 'no admission' }],
    });
  }
  for (const gap of gaps(covered, start, end)) {
    findings.push(noData(p.alliance, gap.from, gap.to, [...steps, observed], 'no source given states that it lists every admission over this period'));
  }
  return findings;
}

function breachOf(alliance: string, barred: string, e: MembershipEvent, after: string | undefined, steps: TraceStep[], observed: TraceStep): FindingDraft {
  const when = day(e.time);
  const confidence = e.confidence === 'verified' ? 'verified' : e.confidence === 'partly-verified' ? 'partly verified' : 'not verified';
  return {
    verdict: 'breach',
    period: { from: isoTime(e.time), to: isoTime(e.time) },
    assets: [],
    measures: [{ name: 'members admitted', value: 1, limit: 0, unit: 'states', bound: 'max' }],
    evidence: [e.observation],
    evidenceCount: 1,
    points: [],
    explanation: `${alliance} admitted ${e.state} as a member on ${when} (observation ${e.observation}; source: ${e.source}; ${confidence}${e.note ? `; ${e.note}` : ''}). The commitment bars ${alliance} from admitting ${barred}${after !== undefined ? ` after ${after}` : ''}, so this admission is a breach.`,
    trace: [...steps, observed, { step: 'figure', detail: `${e.state} admitted on ${when} (${e.observation}, ${e.source})` }, { step: 'limit', detail: 'no admission' }],
  };
}

function noData(alliance: string, from: number, to: number, steps: TraceStep[], why: string): FindingDraft {
  const f = Number.isFinite(from) ? isoTime(from) : null;
  const t = Number.isFinite(to) ? isoTime(to) : null;
  const span = f && t ? `from ${f.slice(0, 10)} to ${t.slice(0, 10)}` : f ? `from ${f.slice(0, 10)}` : t ? `until ${t.slice(0, 10)}` : 'over any period';
  return unverifiable({ from: f, to: t }, `Whether ${alliance} admitted a new member ${span} cannot be said: ${why}, and no admission in it is recorded, so the data can neither show a breach nor show compliance.`, [...steps, { step: 'observations', detail: `no membership data covers ${span}` }]);
}

interface Covered {
  from: number;
  to: number;
  sources: string[];
  observations: string[];
}

/**
 * The coverage statements (ordered by start) cut to [from, to], merged where they overlap or touch
 * (facts are dated by day: one statement ending on a day and the next starting the day after leave
 * no gap).
 */
function clip(coverage: EventCoverage[], from: number, to: number): Covered[] {
  const out: Covered[] = [];
  for (const c of coverage) {
    const a = Math.max(c.from, from);
    const b = Math.min(c.to, to);
    if (b < a) continue;
    const last = out[out.length - 1];
    if (last && a <= last.to + DAY_MS) {
      last.to = Math.max(last.to, b);
      if (!last.sources.includes(c.source)) last.sources.push(c.source);
      last.observations.push(c.observation);
    } else out.push({ from: a, to: b, sources: [c.source], observations: [c.observation] });
  }
  return out;
}

/** The parts of [from, to] that no interval covers (intervals merged and ordered, as clip gives them). */
function gaps(covered: Covered[], from: number, to: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let cursor = from;
  for (const c of covered) {
    if (c.from > cursor) out.push({ from: cursor, to: c.from });
    cursor = Math.max(cursor, c.to);
  }
  if (cursor < to) out.push({ from: cursor, to });
  return out;
}

export const noAccession: CommitmentKind<Params> = {
  kind: 'no-accession',
  summary: 'an alliance admits no new member (or none of a given list) after a date',
  params,
  judges: 'events',
  evaluate,
};
