/**
 * Commitment-level diffs of two drafts: what a negotiator asks ("what did their counter-draft
 * change?"), not what a text diff shows.
 *
 * Commitments are matched by id; one left unmatched on both sides is matched by kind and article
 * (a redrafted article under a new id is a change, not a removal and an addition). Parameters are
 * compared as the numbers they stand for: `$beltWidthKm` in one draft and `300` in the other is
 * "border belt width 100 km -> 300 km", with whether each side's figure is agreed. Places, parties
 * and the named parameters are compared too, since a commitment can change through the place it
 * refers to.
 */
import type { Agreement } from '../language/index.js';
import { asList, sourceText } from '../language/index.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** Dotted path, e.g. `params.minDistanceM`, `obligor`, `text`. */
  field: string;
  from: unknown;
  to: unknown;
  /** For a number given through a named parameter: its name and whether it is agreed, per side. */
  note?: string;
}

export interface CommitmentDiff {
  change: ChangeKind;
  /** Id in A (removed, changed) and in B (added, changed). */
  idA?: string;
  idB?: string;
  kind: string;
  article: string;
  title: string;
  fields: FieldChange[];
  /** The article text on each side, for a changed text or an added/removed commitment. */
  textA?: string;
  textB?: string;
}

export interface DraftInfo {
  id: string;
  file: string;
  title: string;
  proposer?: string;
  venue?: string;
  date?: string;
  source: string;
}

export interface DraftDiff {
  a: DraftInfo;
  b: DraftInfo;
  commitments: CommitmentDiff[];
  /** Parties, places and named parameters that differ. */
  context: { what: 'party' | 'place' | 'parameter'; change: ChangeKind; id: string; fields: FieldChange[] }[];
  unchanged: number;
}

function info(a: Agreement): DraftInfo {
  const d = a.decl;
  return {
    id: d.id, file: a.file, title: d.title, source: sourceText(d.source),
    ...(d.proposer ? { proposer: d.proposer } : {}), ...(d.venue ? { venue: d.venue } : {}), ...(d.date ? { date: d.date } : {}),
  };
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** Every leaf of a value as path -> value (arrays are leaves: a list of classes changes as a whole). */
function leaves(v: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) leaves(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
  return out;
}

function fieldChanges(a: unknown, b: unknown, prefix: string, resolveA?: (v: unknown) => unknown, resolveB?: (v: unknown) => unknown): FieldChange[] {
  const la = leaves(a, prefix, new Map());
  const lb = leaves(b, prefix, new Map());
  const out: FieldChange[] = [];
  for (const key of [...new Set([...la.keys(), ...lb.keys()])].sort()) {
    const x = la.get(key);
    const y = lb.get(key);
    const rx = resolveA ? resolveA(x) : x;
    const ry = resolveB ? resolveB(y) : y;
    if (same(rx, ry)) continue;
    const notes = [x !== rx ? `A: ${String(x)}` : '', y !== ry ? `B: ${String(y)}` : ''].filter(Boolean);
    out.push({ field: key, from: rx, to: ry, ...(notes.length ? { note: notes.join('; ') } : {}) });
  }
  return out;
}

/** `$name` as its number with unit and whether agreed; anything else as is. */
function resolver(ag: Agreement): (v: unknown) => unknown {
  return (v) => {
    if (typeof v !== 'string' || !v.startsWith('$')) return v;
    const p = ag.decl.parameters?.[v.slice(1)];
    if (!p) return v;
    return `${p.value}${p.unit ? ' ' + p.unit : ''}${p.agreed ? '' : ' (not agreed)'}`;
  };
}

export function diffDrafts(a: Agreement, b: Agreement): DraftDiff {
  const ra = resolver(a);
  const rb = resolver(b);
  const ca = a.decl.commitments;
  const cb = b.decl.commitments;
  const pairs: [typeof ca[number] | undefined, typeof cb[number] | undefined][] = [];
  const usedB = new Set<string>();
  const unmatchedA: typeof ca = [];
  for (const x of ca) {
    const y = cb.find((c) => c.id === x.id);
    if (y) {
      pairs.push([x, y]);
      usedB.add(y.id);
    } else unmatchedA.push(x);
  }
  for (const x of unmatchedA) {
    const y = cb.find((c) => !usedB.has(c.id) && c.kind === x.kind && c.article === x.article);
    if (y) usedB.add(y.id);
    pairs.push([x, y]);
  }
  for (const y of cb) if (!usedB.has(y.id)) pairs.push([undefined, y]);

  const commitments: CommitmentDiff[] = [];
  let unchanged = 0;
  for (const [x, y] of pairs) {
    if (x && !y) {
      commitments.push({ change: 'removed', idA: x.id, kind: x.kind, article: x.article, title: x.title, fields: [], textA: x.text });
      continue;
    }
    if (!x && y) {
      commitments.push({ change: 'added', idB: y.id, kind: y.kind, article: y.article, title: y.title, fields: [], textB: y.text });
      continue;
    }
    const fields: FieldChange[] = [];
    if (x!.id !== y!.id) fields.push({ field: 'id', from: x!.id, to: y!.id });
    for (const f of ['kind', 'title', 'article', 'text'] as const) if (x![f] !== y![f]) fields.push({ field: f, from: x![f], to: y![f] });
    for (const f of ['obligor', 'beneficiary'] as const) {
      const fx = asList(x![f]);
      const fy = asList(y![f]);
      if (!same([...fx].sort(), [...fy].sort())) fields.push({ field: f, from: fx.join(', '), to: fy.join(', ') });
    }
    if (!same(x!.effective, y!.effective)) fields.push({ field: 'effective', from: x!.effective ?? null, to: y!.effective ?? null });
    if (sourceText(x!.source) !== sourceText(y!.source)) fields.push({ field: 'source', from: sourceText(x!.source), to: sourceText(y!.source) });
    fields.push(...fieldChanges(x!.params ?? {}, y!.params ?? {}, 'params', ra, rb));
    if (fields.length === 0) {
      unchanged++;
      continue;
    }
    commitments.push({
      change: 'changed', idA: x!.id, idB: y!.id, kind: y!.kind, article: y!.article, title: y!.title, fields,
      ...(x!.text !== y!.text ? { textA: x!.text, textB: y!.text } : {}),
    });
  }

  const context: DraftDiff['context'] = [];
  const byId = <T extends { id: string }>(what: 'party' | 'place', xs: readonly T[], ys: readonly T[], rx = ra, ry = rb) => {
    for (const x of xs) {
      const y = ys.find((v) => v.id === x.id);
      if (!y) context.push({ what, change: 'removed', id: x.id, fields: [] });
      else {
        const fields = fieldChanges(x, y, '', rx, ry);
        if (fields.length) context.push({ what, change: 'changed', id: x.id, fields });
      }
    }
    for (const y of ys) if (!xs.some((v) => v.id === y.id)) context.push({ what, change: 'added', id: y.id, fields: [] });
  };
  byId('party', a.decl.parties, b.decl.parties);
  byId('place', a.decl.places, b.decl.places);
  const pa = a.decl.parameters ?? {};
  const pb = b.decl.parameters ?? {};
  for (const name of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) {
    const x = pa[name];
    const y = pb[name];
    if (!y) context.push({ what: 'parameter', change: 'removed', id: name, fields: [] });
    else if (!x) context.push({ what: 'parameter', change: 'added', id: name, fields: [] });
    else {
      const fields = fieldChanges({ value: x.value, unit: x.unit, agreed: x.agreed }, { value: y.value, unit: y.unit, agreed: y.agreed }, '');
      if (fields.length) context.push({ what: 'parameter', change: 'changed', id: name, fields });
    }
  }
  return { a: info(a), b: info(b), commitments, context, unchanged };
}

const show = (v: unknown): string => (v === undefined || v === null ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));

/** The diff for a terminal; colour (ANSI) when asked. */
export function diffText(d: DraftDiff, colour: boolean): string {
  const c = (code: number, s: string) => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  const red = (s: string) => c(31, s);
  const green = (s: string) => c(32, s);
  const yellow = (s: string) => c(33, s);
  const dim = (s: string) => c(2, s);
  const head = (i: DraftInfo) => `${i.id} (${[i.proposer, i.venue, i.date].filter(Boolean).join(', ') || i.file})`;
  const out: string[] = [`${red('--- A')} ${head(d.a)}`, `${green('+++ B')} ${head(d.b)}`, ''];
  const wrap = (s: string, indent: string) => s.replace(/\s+/g, ' ').replace(/(.{1,96})(\s|$)/g, `${indent}$1\n`).trimEnd();
  for (const x of d.commitments) {
    if (x.change === 'added') {
      out.push(green(`+ ${x.article}  ${x.idB}  [${x.kind}]  ${x.title}`));
      if (x.textB) out.push(dim(wrap(x.textB, '    ')));
    } else if (x.change === 'removed') {
      out.push(red(`- ${x.article}  ${x.idA}  [${x.kind}]  ${x.title}`));
      if (x.textA) out.push(dim(wrap(x.textA, '    ')));
    } else {
      out.push(yellow(`~ ${x.article}  ${x.idA === x.idB ? x.idA : `${x.idA} -> ${x.idB}`}  [${x.kind}]  ${x.title}`));
      for (const f of x.fields) {
        if (f.field === 'text') continue;
        out.push(`    ${f.field}: ${red(show(f.from))} -> ${green(show(f.to))}${f.note ? dim(`  (${f.note})`) : ''}`);
      }
      if (x.textA !== undefined && x.textB !== undefined) {
        out.push(`    text:`);
        out.push(red(wrap(x.textA, '    - ')));
        out.push(green(wrap(x.textB, '    + ')));
      }
    }
    out.push('');
  }
  for (const x of d.context) {
    const mark = x.change === 'added' ? green('+') : x.change === 'removed' ? red('-') : yellow('~');
    out.push(`${mark} ${x.what} ${x.id}${x.fields.map((f) => `\n    ${f.field}: ${red(show(f.from))} -> ${green(show(f.to))}`).join('')}`);
  }
  const n = (k: ChangeKind) => d.commitments.filter((x) => x.change === k).length;
  out.push('', `${d.commitments.length + d.unchanged} commitments compared: ${n('added')} added, ${n('removed')} removed, ${n('changed')} changed, ${d.unchanged} unchanged; ${d.context.length} party/place/parameter changes`);
  return out.join('\n') + '\n';
}
