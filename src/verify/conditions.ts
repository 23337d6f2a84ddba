/**
 * When a reading makes a commitment wait on conditions ("in force only once sanctions are lifted"),
 * which stretches of the judged window it was in force, on the dated `condition` facts.
 *
 * The rule: a fact on a condition says, as of its date, whether it was met; it stands until a later
 * fact on the same condition. Only a verified or partly verified fact settles the state; a
 * not-verified one leaves it unknown (and is cited). Before the first fact nothing is known. The
 * commitment is in force where every condition is met, not in force where a fact says one is not,
 * and of unknown force elsewhere. Only where it is in force is it judged; elsewhere the finding says
 * so, since a commitment not in force can be neither breached nor kept.
 */
import type { Agreement, ConditionDecl } from '../language/index.js';
import { sourceText } from '../language/index.js';
import type { ConditionEvent, ObservationSet } from '../observations/model.js';
import type { FindingDraft } from './context.js';
import type { InForce, TraceStep } from './finding.js';
import { confidenceText, day, span } from './kinds/common.js';

type ConditionState = InForce['conditions'][number]['state'];

interface ConditionAt {
  id: string;
  state: ConditionState;
  /** The latest fact the state rests on. */
  fact?: ConditionEvent;
  /** Every fact on the condition that bore on the stretch, the one in effect at its start first. */
  facts: ConditionEvent[];
}

/** One stretch of the window with one state of force. */
export interface ForceSegment {
  from: number;
  to: number;
  state: InForce['state'];
  conditions: ConditionAt[];
}

function stateOf(e: ConditionEvent): ConditionState {
  return e.confidence === 'not-verified' ? 'unknown' : e.status;
}

/** The state of each condition at a time: the latest fact on it at or before then. */
function conditionsAt(ids: string[], facts: Map<string, ConditionEvent[]>, t: number): ConditionAt[] {
  return ids.map((id) => {
    let last: ConditionEvent | undefined;
    for (const e of facts.get(id) ?? []) if (e.time <= t) last = e;
    return last ? { id, state: stateOf(last), fact: last, facts: [last] } : { id, state: 'unknown', facts: [] };
  });
}

function combined(cs: ConditionAt[]): InForce['state'] {
  if (cs.every((c) => c.state === 'met')) return 'in-force';
  if (cs.some((c) => c.state === 'not-met')) return 'not-in-force';
  return 'unknown';
}

/** The window cut where the state of force changes; adjacent stretches of one state are merged. */
export function forceSegments(ids: string[], obs: ObservationSet, from: number, to: number): ForceSegment[] {
  const facts = new Map<string, ConditionEvent[]>();
  for (const e of obs.events.ofType('condition')) if (ids.includes(e.condition)) facts.set(e.condition, [...(facts.get(e.condition) ?? []), e]);
  const cuts = [...new Set([...facts.values()].flat().map((e) => e.time))].filter((t) => t > from && t <= to).sort((a, b) => a - b);
  const segments: ForceSegment[] = [];
  let start = from;
  let at = conditionsAt(ids, facts, from);
  for (const t of [...cuts, Infinity]) {
    const end = t === Infinity ? to : t;
    const next = t === Infinity ? undefined : conditionsAt(ids, facts, t);
    if (next && combined(next) === combined(at)) {
      // The same state of force goes on: keep the facts it rested on so far, and add the new ones.
      at = next.map((c, k) => ({ ...c, facts: [...new Set([...at[k]!.facts, ...c.facts])] }));
      continue;
    }
    segments.push({ from: start, to: end, state: combined(at), conditions: at });
    if (!next) break;
    start = t;
    at = next;
  }
  return segments;
}

export function inForceOf(s: ForceSegment): InForce {
  return {
    state: s.state,
    conditions: s.conditions.map((c) => ({ id: c.id, state: c.state, ...(c.fact ? { asOf: day(c.fact.time), observation: c.fact.observation } : {}) })),
  };
}

function factText(f: ConditionEvent): string {
  const what = stateOf(f) === 'unknown' ? `reported ${f.status === 'met' ? 'met' : 'not met'} but not verified, so unknown` : f.status === 'met' ? 'met' : 'not met';
  return `${what} as of ${day(f.time)}, per ${f.party} (observation ${f.observation}; source: ${f.source}; ${confidenceText(f.confidence)}${f.note ? `; ${f.note}` : ''})`;
}

function conditionText(agreement: Agreement, c: ConditionAt): string {
  const decl: ConditionDecl | undefined = agreement.condition(c.id);
  const name = decl ? `"${decl.title}" (${c.id})` : c.id;
  if (!c.facts.length) return `${name}: no dated fact says whether it was met`;
  return `${name}: ${c.facts.map(factText).join('; then ')}`;
}

/** The trace step that says, for a stretch judged under a conditional reading, why it counts as in force or not. */
export function forceStep(agreement: Agreement, s: ForceSegment): TraceStep {
  return { step: 'in force', detail: `${s.state === 'in-force' ? 'yes' : s.state === 'not-in-force' ? 'no' : 'not known'}: ${s.conditions.map((c) => conditionText(agreement, c)).join('; ')}` };
}

/** The finding for a stretch where the commitment is not in force, or not known to be, under the reading. */
export function notInForceFinding(agreement: Agreement, reading: string, s: ForceSegment, steps: TraceStep[]): FindingDraft {
  const r = agreement.interpretation(reading);
  const who = r?.party ? `${r.party}'s reading (${reading}: ${r.title}; ${sourceText(r.source)})` : `the reading ${reading}`;
  const period = span(s.from, s.to);
  const when = `from ${period.from ?? 'the start'} to ${period.to ?? 'open end'}`;
  const names = s.conditions.map((c) => c.id).join(', ');
  const because = s.conditions.map((c) => conditionText(agreement, c)).join('; ');
  const verdictText =
    s.state === 'not-in-force'
      ? `So ${when} the commitment was not in force under this reading, and can have been neither breached nor kept: nothing is judged, and the verdict is unverifiable (not in force).`
      : `So ${when} it is not known to be in force under this reading: nothing is judged until a dated fact shows the condition${s.conditions.length > 1 ? 's' : ''} met, and the verdict is unverifiable.`;
  const facts = [...new Set(s.conditions.flatMap((c) => c.facts.map((f) => f.observation)))];
  return {
    verdict: 'unverifiable',
    period,
    assets: [],
    measures: [],
    evidence: facts,
    evidenceCount: facts.length,
    points: [],
    explanation: `Under ${who}, this commitment is in force only once ${names} ${s.conditions.length > 1 ? 'are all' : 'is'} met. ${because}. ${verdictText}`,
    trace: [...steps, forceStep(agreement, s)],
    inForce: inForceOf(s),
  };
}
