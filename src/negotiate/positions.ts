/**
 * Positions: each party's stance on each commitment of a draft, with the statement, its date and
 * source, and what follows from them: the common ground (commitments no party with a stance rejects
 * or holds as a red line) against the red lines.
 *
 * A positions file (YAML) names the agreement it is about and lists stances; every commitment and
 * party it names must exist in that agreement, and every problem is reported with file:line:column,
 * like an agreement file.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseYamlSource, SourceError, zodIssues, type SourceIssue } from '../common/yaml-source.js';
import type { Agreement } from '../language/index.js';

export const stances = ['accept', 'conditional', 'reject', 'red-line'] as const;
export type Stance = (typeof stances)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const position = z.strictObject({
  commitment: z.string().min(1).describe('Commitment id in the agreement.'),
  party: z.string().min(1).describe('Party id in the agreement.'),
  stance: z.enum(stances).describe('accept (or proposed it), conditional (ready to discuss on conditions), reject, red-line (a condition of any deal).'),
  statement: z.string().min(1).describe('What was said, quoted or paraphrased (say which).'),
  date: isoDate,
  venue: z.string().optional(),
  source: z.string().min(1),
});

export const positionsFileSchema = z.strictObject({
  'redline-positions': z.literal(1),
  agreement: z.string().min(1).describe('The id of the agreement (draft) the positions are about.'),
  title: z.string().min(1),
  positions: z.array(position).min(1),
});

export type Position = z.infer<typeof position>;
export type PositionsFile = z.infer<typeof positionsFileSchema>;

/** Reads and checks a positions file against its agreement; throws SourceError with every problem. */
export function readPositionsFile(path: string, agreement: Agreement): PositionsFile {
  const src = parseYamlSource(readFileSync(path, 'utf8'), path);
  const parsed = positionsFileSchema.safeParse(src.doc.toJS());
  if (!parsed.success) throw new SourceError(zodIssues(src, parsed.error));
  const doc = parsed.data;
  const issues: SourceIssue[] = [];
  if (doc.agreement !== agreement.id) issues.push(src.issue(['agreement'], 'wrong-agreement', `the positions are about "${doc.agreement}", not "${agreement.id}" (${agreement.file})`));
  const seen = new Set<string>();
  doc.positions.forEach((p, i) => {
    if (!agreement.commitment(p.commitment)) {
      issues.push(src.issue(['positions', i, 'commitment'], 'unknown-commitment', `"${p.commitment}" is not a commitment of ${agreement.id} (expected one of ${agreement.decl.commitments.map((c) => c.id).join(', ')})`));
    }
    if (!agreement.party(p.party)) {
      issues.push(src.issue(['positions', i, 'party'], 'unknown-party', `"${p.party}" is not a party of ${agreement.id} (expected one of ${agreement.decl.parties.map((x) => x.id).join(', ')})`));
    }
    const key = `${p.commitment}/${p.party}/${p.date}`;
    if (seen.has(key)) issues.push(src.issue(['positions', i], 'duplicate', `a second stance of ${p.party} on ${p.commitment} dated ${p.date}`));
    seen.add(key);
  });
  if (issues.length) throw new SourceError(issues);
  return doc;
}

export interface MatrixRow {
  commitment: string;
  article: string;
  title: string;
  /** The latest stance of each party (by date), with the statement it rests on. */
  byParty: Record<string, Position>;
  /** No party with a stance rejects it or holds it as a red line... */
  common: boolean;
  /** ...and at least two parties have a stance on it (one party's proposal alone is not ground). */
  agreedBy: string[];
  /** Parties for whom it is a red line (insisting on it), and parties rejecting it. */
  redLineOf: string[];
  rejectedBy: string[];
}

export interface PositionsMatrix {
  agreement: string;
  parties: string[];
  rows: MatrixRow[];
}

export function positionsMatrix(agreement: Agreement, file: PositionsFile): PositionsMatrix {
  const parties = [...new Set(file.positions.map((p) => p.party))];
  const rows: MatrixRow[] = agreement.decl.commitments.map((c) => {
    const byParty: Record<string, Position> = {};
    for (const p of file.positions) {
      if (p.commitment !== c.id) continue;
      const prior = byParty[p.party];
      if (!prior || prior.date <= p.date) byParty[p.party] = p;
    }
    const stancesHeld = Object.values(byParty);
    const rejectedBy = stancesHeld.filter((p) => p.stance === 'reject').map((p) => p.party);
    const redLineOf = stancesHeld.filter((p) => p.stance === 'red-line').map((p) => p.party);
    // A red line held by one side and rejected by the other is the opposite of common ground; a
    // red line nobody rejects is ground the insisting side will not give up.
    const common = stancesHeld.length >= 2 && rejectedBy.length === 0;
    return { commitment: c.id, article: c.article, title: c.title, byParty, common, agreedBy: common ? stancesHeld.map((p) => p.party) : [], redLineOf, rejectedBy };
  });
  return { agreement: agreement.id, parties, rows };
}

const SHORT: Record<Stance, string> = { accept: 'accept', conditional: 'cond.', reject: 'REJECT', 'red-line': 'RED LINE' };

export function matrixText(m: PositionsMatrix): string {
  const w = Math.max(12, ...m.rows.map((r) => r.commitment.length));
  const lines = [[`commitment`.padEnd(w), ...m.parties.map((p) => p.padEnd(9)), 'ground'].join('  ')];
  for (const r of m.rows) {
    const ground = r.common ? 'COMMON' : r.rejectedBy.length && r.redLineOf.length ? 'red line vs rejection' : r.rejectedBy.length ? 'rejected' : Object.keys(r.byParty).length ? 'one side only' : 'no positions';
    lines.push([r.commitment.padEnd(w), ...m.parties.map((p) => (r.byParty[p] ? SHORT[r.byParty[p]!.stance] : '-').padEnd(9)), ground].join('  '));
  }
  const common = m.rows.filter((r) => r.common);
  const red = m.rows.filter((r) => r.redLineOf.length && r.rejectedBy.length);
  lines.push('', `common ground (no party with a stance rejects it): ${common.map((r) => `${r.commitment} (${r.article})`).join(', ') || 'none'}`);
  lines.push(`red lines against rejections: ${red.map((r) => `${r.commitment} (red line of ${r.redLineOf.join(', ')}; rejected by ${r.rejectedBy.join(', ')})`).join('; ') || 'none'}`);
  lines.push('', 'statements:');
  for (const r of m.rows) {
    for (const p of Object.values(r.byParty)) lines.push(`  ${r.commitment} / ${p.party} (${p.stance}, ${p.date}${p.venue ? `, ${p.venue}` : ''}): ${p.statement} [${p.source}]`);
  }
  return lines.join('\n') + '\n';
}
