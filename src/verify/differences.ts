/**
 * Where readings (or views) change what the engine finds: for each commitment, the findings under
 * each reading with the view held fixed (or under each view with the reading held fixed), kept only
 * where they differ. "Differ" is judged on what a finding says (verdict, whether in force, assets,
 * period, figures), not on its wording, which names the reading or view.
 */
import type { Difference, Finding } from './finding.js';
import { kinds } from './kinds/registry.js';

type Across = Difference['across'];

/** A finding's verdict in one word or two: "not in force" where a reading's condition kept it out of force. */
export function verdictLabel(f: Finding): string {
  if (f.verdict !== 'unverifiable' || !f.inForce) return f.verdict;
  if (f.inForce.state === 'not-in-force') return 'not in force';
  if (f.inForce.state === 'unknown') return 'unverifiable (force unknown)';
  return f.verdict;
}

function signature(fs: Finding[]): string {
  return JSON.stringify(
    fs
      .map((f) => [f.verdict, f.inForce?.state ?? null, [...f.assets].sort(), f.period.from, f.period.to, f.measures.map((m) => [m.name, m.value, m.limit])])
      .map((x) => JSON.stringify(x))
      .sort(),
  );
}

function outcome(fs: Finding[], across: Across): string {
  if (!fs.length) return across === 'interpretation' ? 'not held' : 'not judged';
  const counts = new Map<string, number>();
  for (const f of fs) counts.set(verdictLabel(f), (counts.get(verdictLabel(f)) ?? 0) + 1);
  return [...counts].map(([label, n]) => `${n} ${label}`).join('; ');
}

/**
 * The commitments whose findings differ across readings or across views. Across views only kinds
 * that judge positions count, and commitments of other kinds that were judged under more than one
 * view (a reported point placed on each view's map); the rest are judged once, under the first view,
 * since no map enters their verdict.
 */
export function differences(findings: Finding[], across: Across): Difference[] {
  const fixedOf = (f: Finding) => (across === 'interpretation' ? f.view : f.interpretation);
  const valueOf = (f: Finding) => (across === 'interpretation' ? f.interpretation : f.view);
  const viewsOf = new Map<string, Set<string>>();
  const keyOf = (f: Finding) => `${f.agreement}\u0000${f.interpretation}\u0000${f.commitment}`;
  for (const f of findings) viewsOf.set(keyOf(f), (viewsOf.get(keyOf(f)) ?? new Set<string>()).add(f.view));
  const byView = (f: Finding) => (kinds[f.kind]?.judges ?? 'positions') === 'positions' || viewsOf.get(keyOf(f))!.size > 1;
  const relevant = across === 'view' ? findings.filter(byView) : findings;
  // The values judged per agreement: a reading with no finding on a commitment does not hold it.
  const valuesOf = new Map<string, string[]>();
  for (const f of relevant) {
    const key = f.agreement;
    const vs = valuesOf.get(key) ?? [];
    if (!vs.includes(valueOf(f))) vs.push(valueOf(f));
    valuesOf.set(key, vs);
  }
  const groups = new Map<string, Finding[]>();
  for (const f of relevant) {
    const key = `${f.agreement}\u0000${fixedOf(f)}\u0000${f.commitment}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: Difference[] = [];
  for (const fs of groups.values()) {
    const first = fs[0]!;
    const values = valuesOf.get(first.agreement)!;
    if (values.length < 2) continue;
    const per = values.map((v) => ({ value: v, findings: fs.filter((f) => valueOf(f) === v) }));
    const sigs = new Set(per.map((p) => signature(p.findings)));
    if (sigs.size < 2) continue;
    const outcomes = per.map((p) => ({ value: p.value, outcome: outcome(p.findings, across), findings: p.findings.map((f) => f.id) }));
    // Same counts but other periods or figures: say so, or the row would look like no difference.
    if (new Set(outcomes.map((o) => o.outcome)).size === 1) for (const o of outcomes) o.outcome += ' (periods or figures differ)';
    out.push({ agreement: first.agreement, commitment: first.commitment, article: first.article, across, under: fixedOf(first), outcomes });
  }
  return out;
}

export function differencesText(ds: Difference[]): string {
  if (!ds.length) return '';
  const byAcross = (a: Across) => ds.filter((d) => d.across === a);
  const parts: string[] = [];
  for (const a of ['interpretation', 'view'] as const) {
    const rows = byAcross(a);
    if (!rows.length) continue;
    parts.push(a === 'interpretation' ? 'Findings that differ between readings:' : 'Findings that differ between views:');
    for (const d of rows) {
      parts.push(`  ${d.agreement}/${d.commitment} (${d.article}), ${a === 'interpretation' ? `view ${d.under}` : `reading ${d.under}`}:`);
      for (const o of d.outcomes) parts.push(`    ${o.value}: ${o.outcome}${o.findings.length ? ` [${o.findings.join(', ')}]` : ''}`);
    }
  }
  return parts.join('\n');
}
