/**
 * Conformance cases: `cases/<kind>/<name>.yaml`, each an agreement, the assets, tracks and dated
 * facts (events, in the events file format) it is judged on, and the findings expected. The format is plain so an auditor can read a case without
 * reading TypeScript; this module loads one and compares what the engine finds with what it expects.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify } from 'yaml';
import { z } from 'zod';
import { Agreement, AgreementError, parseAgreementText } from '../language/index.js';
import { readEvents } from '../observations/events/reader.js';
import { emptyObservationSet, type ObservationSet } from '../observations/model.js';
import type { GeoResolver } from './context.js';
import { check, type CheckOptions } from './engine.js';
import type { Finding } from './finding.js';
import { kindParamSchemas } from './kinds/registry.js';

const caseSchema = z.strictObject({
  title: z.string(),
  expectedBy: z.string().describe('How the expected figures were worked out, independently of the code.'),
  agreement: z.record(z.string(), z.unknown()),
  views: z.array(z.string()).optional(),
  /** Readings to judge under, as `redline check --interpretation` (default: the text as written). */
  interpretations: z.array(z.string()).optional(),
  /** Check bounds, as `redline check --from/--to` gives them. */
  from: z.union([z.string(), z.date()]).optional(),
  to: z.union([z.string(), z.date()]).optional(),
  assets: z.array(z.strictObject({ id: z.string(), party: z.string().optional(), flag: z.string().optional(), class: z.string().optional(), weaponRangeKm: z.number().optional(), name: z.string().optional() })).default([]),
  tracks: z.array(z.strictObject({ asset: z.string(), fixes: z.array(z.tuple([z.union([z.string(), z.date()]), z.number(), z.number()])) })).default([]),
  /** Dated facts as an events file has them (src/observations/events/reader.ts): coverage statements and events. */
  covers: z.array(z.unknown()).optional(),
  events: z.array(z.unknown()).optional(),
  expect: z.array(
    z.strictObject({
      commitment: z.string(),
      view: z.string(),
      /** The reading the verdict is taken under; default the text as written. */
      interpretation: z.string().default('as-written'),
      verdict: z.enum(['breach', 'risk', 'compliant', 'unverifiable']),
      /** Whether the reading's conditions kept it in force (only findings under a conditional reading carry it). */
      inForce: z.enum(['in-force', 'not-in-force', 'unknown']).optional(),
      assets: z.array(z.string()).optional(),
      measure: z.strictObject({ name: z.string(), value: z.number(), tolerance: z.number() }).optional(),
      time: z.union([z.string(), z.date()]).optional(),
      count: z.number().int().optional(),
      /** The finding's period starts (and ends) at these times, to the second; a start also picks the finding out among those of the same verdict. */
      period: z.strictObject({ from: z.union([z.string(), z.date()]).optional(), to: z.union([z.string(), z.date()]).optional() }).optional(),
      /** Observation ids the finding must cite. */
      evidence: z.array(z.string()).optional(),
    }),
  ),
});
export type ConformanceCase = z.infer<typeof caseSchema>;

export function loadCase(path: string): { c: ConformanceCase; agreement: Agreement; obs: ObservationSet } {
  const c = caseSchema.parse(parseYaml(readFileSync(path, 'utf8')));
  const r = parseAgreementText(stringify(c.agreement), `${path}#agreement`, kindParamSchemas());
  if (!r.agreement) throw new AgreementError(r.issues);
  const obs = emptyObservationSet();
  for (const a of c.assets) obs.assets.update(a.id, { ...a, attributedBy: `case:${path}` });
  const src = obs.positions.sourceId(path.split('/').pop()!);
  let line = 0;
  for (const t of c.tracks) {
    const idx = obs.assets.intern(t.asset);
    for (const [time, lon, lat] of t.fixes) {
      obs.positions.push(idx, time instanceof Date ? time.getTime() : Date.parse(time), lon, lat, NaN, NaN, src, ++line);
    }
  }
  if (c.events || c.covers) {
    // The facts go through the events reader, so a case tests the same reading a file gets; a case
    // must be clean, so anything quarantined is an error in the case.
    const name = `${path.split('/').pop()!}#events`;
    readEvents(stringify({ 'redline-events': 1, covers: c.covers ?? [], events: c.events ?? [] }), name, obs);
    if (obs.quarantine.length) throw new Error(`${path}: bad events in the case: ${obs.quarantine.map((q) => q.reason).join('; ')}`);
  }
  return { c, agreement: new Agreement(r.agreement, path), obs };
}

const iso = (t: string | Date) => (t instanceof Date ? t : new Date(t)).toISOString();

/** Runs a case; returns the findings and a list of mismatches (empty when the case passes). */
export function runCase(path: string, geo: GeoResolver): { findings: Finding[]; problems: string[] } {
  const { c, agreement, obs } = loadCase(path);
  const options: CheckOptions = {};
  if (c.views) options.views = c.views;
  if (c.interpretations) options.interpretations = c.interpretations;
  if (c.from !== undefined) options.from = Date.parse(iso(c.from));
  if (c.to !== undefined) options.to = Date.parse(iso(c.to));
  const findings = check([agreement], obs, geo, options);
  const problems: string[] = [];
  const used = new Set<Finding>();
  for (const e of c.expect) {
    const matches = findings.filter(
      (f) =>
        f.commitment === e.commitment &&
        f.view === e.view &&
        f.interpretation === e.interpretation &&
        f.verdict === e.verdict &&
        (e.inForce === undefined || f.inForce?.state === e.inForce) &&
        (!e.assets || [...e.assets].sort().join() === [...f.assets].sort().join()) &&
        // An expected start tells apart findings of one verdict on one commitment (one per activity, say).
        (e.period?.from === undefined || (f.period.from !== null && Math.abs(Date.parse(f.period.from) - Date.parse(iso(e.period.from))) <= 1000)),
    );
    const want = e.count ?? 1;
    if (matches.length !== want) {
      problems.push(`expected ${want} ${e.verdict}${e.inForce ? ` (${e.inForce})` : ''} finding(s) for ${e.commitment} under view ${e.view}${e.interpretation === 'as-written' ? '' : `, reading ${e.interpretation}`}${e.assets ? ` on ${e.assets.join(', ')}` : ''}, got ${matches.length}`);
      continue;
    }
    for (const f of matches) {
      used.add(f);
      if (e.measure) {
        const m = f.measures.find((x) => x.name === e.measure!.name);
        if (!m || m.value === null) problems.push(`${f.id}: no measure "${e.measure.name}"`);
        else if (Math.abs(m.value - e.measure.value) > e.measure.tolerance)
          problems.push(`${f.id}: ${e.measure.name} = ${m.value}, expected ${e.measure.value} ± ${e.measure.tolerance}`);
      }
      if (e.time !== undefined) {
        const times = f.points.map((p) => p.time);
        const want = iso(e.time);
        if (!times.some((t) => Math.abs(Date.parse(t) - Date.parse(want)) <= 1000)) problems.push(`${f.id}: key point time ${times.join(', ')}, expected ${want}`);
      }
      for (const end of ['from', 'to'] as const) {
        const want = e.period?.[end];
        if (want === undefined) continue;
        const got = f.period[end];
        if (got === null || Math.abs(Date.parse(got) - Date.parse(iso(want))) > 1000) problems.push(`${f.id}: period ${end} ${got ?? 'open'}, expected ${iso(want)}`);
      }
      for (const id of e.evidence ?? []) if (!f.evidence.includes(id)) problems.push(`${f.id}: evidence ${f.evidence.join(', ') || 'none'}, expected it to cite ${id}`);
    }
  }
  for (const f of findings) if (!used.has(f)) problems.push(`unexpected ${f.verdict} finding ${f.id}: ${f.explanation}`);
  return { findings, problems };
}
