/**
 * sequence: an implementation step is not completed before the steps it depends on.
 *
 * Judged on step events of the plan. A step completed (its earliest `completed` report) in the
 * window while a step it depends on had no completion at or before that time is one breach, citing
 * both reports. Facts are dated by day, so a dependency completed the same day counts as in time.
 * Only completion is judged; a step merely started is not a breach. With no step reported at all
 * the data cannot tell (unverifiable). Every finding's trace gives the order the plan implies.
 */
import { z } from 'zod';
import type { StepEvent } from '../../../observations/model.js';
import type { EvalContext, FindingDraft } from '../../context.js';
import { isoTime, type TraceStep } from '../../finding.js';
import { day, span, unverifiable } from '../common.js';
import type { CommitmentKind } from '../types.js';

const stepId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a step id, e.g. point-9');

const params = z
  .strictObject({
    plan: z.string().min(1).describe('The plan whose step events are judged (the `plan` of each step event).'),
    steps: z
      .array(
        z.strictObject({
          id: stepId,
          title: z.string().optional(),
          after: z.array(stepId).default([]).describe('Steps that must be completed before (or on the day) this one is.'),
        }),
      )
      .min(1),
  })
  .superRefine((p, ctx) => {
    const ids = new Map<string, number>();
    p.steps.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `step "${s.id}" is declared twice` });
      ids.set(s.id, i);
    });
    p.steps.forEach((s, i) =>
      s.after.forEach((d, j) => {
        if (!ids.has(d)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'after', j], message: `step "${d}" is not declared in steps` });
        else if (d === s.id) ctx.addIssue({ code: 'custom', path: ['steps', i, 'after', j], message: 'a step cannot depend on itself' });
      }),
    );
    const cycle = findCycle(p.steps);
    if (cycle) ctx.addIssue({ code: 'custom', path: ['steps', ids.get(cycle[0]!) ?? 0, 'after'], message: `the steps depend on each other in a circle (${cycle.join(' -> ')}), so no order can satisfy them` });
  });
type Params = z.infer<typeof params>;
type Step = Params['steps'][number];


function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const reports = ctx.obs.events.ofType('step').filter((e) => e.plan === p.plan && e.time <= ctx.window.to);
  const done = new Map<string, StepEvent>();
  for (const e of reports) if (e.status === 'completed' && !done.has(e.step)) done.set(e.step, e);
  const label = (id: string) => {
    const t = p.steps.find((s) => s.id === id)?.title;
    return t ? `${id} (${t})` : id;
  };
  const order = impliedOrder(p.steps);
  const steps: TraceStep[] = [
    { step: 'order', detail: `the order the plan implies: ${order.map((layer) => layer.join(', ')).join(' ; ')}` },
    { step: 'observations', detail: `${reports.length} step report(s) of plan ${p.plan}; ${done.size} of ${p.steps.length} steps reported completed` },
    { step: 'judged once', detail: 'the verdict uses no map, so it does not depend on the view' },
  ];
  if (!reports.length) {
    const { from, to } = span(ctx.window.from, ctx.window.to);
    return [
      unverifiable({ from, to }, `No step of plan ${p.plan} is reported begun or completed${from || to ? ` up to ${to ?? 'now'}` : ''}, so the data cannot show whether its steps were taken in order.`, steps),
    ];
  }

  const findings: FindingDraft[] = [];
  for (const s of p.steps) {
    const e = done.get(s.id);
    if (!e || e.time < ctx.window.from) continue;
    const missing = s.after.filter((d) => {
      const de = done.get(d);
      return !de || day(de.time) > day(e.time);
    });
    if (!missing.length) continue;
    const cited = missing.map((d) => done.get(d)).filter((x): x is StepEvent => x !== undefined);
    const what = missing
      .map((d) => {
        const de = done.get(d);
        return de ? `${label(d)}, completed only on ${day(de.time)} (observation ${de.observation}; source: ${de.source})` : `${label(d)}, not reported completed at all`;
      })
      .join('; ');
    findings.push({
      verdict: 'breach',
      period: { from: isoTime(e.time), to: isoTime(e.time) },
      assets: [],
      measures: [{ name: 'steps depended on not yet completed', value: missing.length, limit: 0, unit: 'steps', bound: 'max' }],
      evidence: [e.observation, ...cited.map((c) => c.observation)],
      evidenceCount: 1 + cited.length,
      points: [],
      explanation: `Step ${label(s.id)} of plan ${p.plan} was completed on ${day(e.time)} (observation ${e.observation}; source: ${e.source}), before the step(s) it depends on: ${what}. The commitment requires them first, so this is a breach of the order.`,
      trace: [...steps, { step: 'figure', detail: `${s.id} completed ${day(e.time)}; not yet completed then: ${missing.join(', ')}` }, { step: 'limit', detail: 'every step it depends on completed no later than the same day' }],
    });
  }
  if (findings.length) return findings;

  const times = reports.map((e) => e.time);
  const pending = p.steps.filter((s) => !done.has(s.id)).map((s) => s.id);
  return [
    {
      verdict: 'compliant',
      period: { from: isoTime(Math.max(Math.min(...times), Number.isFinite(ctx.window.from) ? ctx.window.from : -Infinity)), to: isoTime(Math.max(...times)) },
      assets: [],
      measures: [{ name: 'steps depended on not yet completed', value: 0, limit: 0, unit: 'steps', bound: 'max' }],
      evidence: [...done.values()].map((e) => e.observation),
      evidenceCount: done.size,
      points: [],
      explanation: `Each of the ${done.size} step(s) of plan ${p.plan} reported completed (${[...done.values()].map((e) => `${e.step} on ${day(e.time)}`).join(', ')}) came after the steps it depends on.${pending.length ? ` Not yet reported completed: ${pending.join(', ')}; the order can only be judged for steps taken.` : ''}`,
      trace: [...steps, { step: 'figure', detail: 'no step completed before a step it depends on' }, { step: 'limit', detail: 'every step it depends on completed no later than the same day' }],
    },
  ];
}

/** The steps in layers: each layer depends only on the layers before it (Kahn's algorithm). */
function impliedOrder(steps: Step[]): string[][] {
  const remaining = new Map(steps.map((s) => [s.id, new Set(s.after)]));
  const layers: string[][] = [];
  while (remaining.size) {
    const ready = [...remaining].filter(([, deps]) => [...deps].every((d) => !remaining.has(d))).map(([id]) => id);
    if (!ready.length) break; // a cycle; params refuse those
    layers.push(ready);
    for (const id of ready) remaining.delete(id);
  }
  return layers;
}

/** A circle of dependencies, as the step ids along it, or undefined. */
function findCycle(steps: { id: string; after: string[] }[]): string[] | undefined {
  const deps = new Map<string, string[]>();
  for (const s of steps) if (!deps.has(s.id)) deps.set(s.id, s.after); // a second declaration is reported apart
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done' || !deps.has(id)) return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const d of deps.get(id)!) {
      if (d === id) continue;
      const c = visit(d);
      if (c) return c;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const s of steps) {
    const c = visit(s.id);
    if (c) return c;
  }
  return undefined;
}

export const sequence: CommitmentKind<Params> = {
  kind: 'sequence',
  summary: 'an implementation step is not completed before the steps it depends on',
  params,
  judges: 'events',
  evaluate,
};
