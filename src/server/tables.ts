/**
 * What the server keeps beside the Store, in the same SQLite file (tables `api_*`, as the record
 * keeps `log_*`): the callers and their roles, every submission with who made it and for whom,
 * agreements and drafts as submitted text, and guarantors' attestations of findings.
 *
 * Positions themselves go into the Store through the same ingest as `redline ingest`; a submission
 * row only remembers which store sources it produced, so that reads can be filtered by who may see
 * them. Dated facts (declarations, notifications, event reports) and registries are few and kept
 * here as their submitted text, read again with the same readers at every check.
 */
import Database from 'better-sqlite3';
import type { ReadSummary } from '../observations/model.js';
import type { Role, Visibility } from './auth.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_callers (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  vkey TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  registered_by TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS api_submissions (
  id INTEGER PRIMARY KEY,
  party TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  visibility TEXT NOT NULL,
  kind TEXT NOT NULL,
  format TEXT NOT NULL,
  filename TEXT NOT NULL,
  sources TEXT NOT NULL,
  status TEXT NOT NULL,
  summaries TEXT NOT NULL,
  content BLOB,
  submitted_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_agreements (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  party TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  visibility TEXT NOT NULL,
  filename TEXT NOT NULL,
  text TEXT NOT NULL,
  submitted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS api_agreements_id ON api_agreements (kind, id);
CREATE TABLE IF NOT EXISTS api_attestations (
  run INTEGER NOT NULL,
  finding TEXT NOT NULL,
  by TEXT NOT NULL,
  note TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (run, finding, by)
) WITHOUT ROWID;
`;

export type SubmissionKind = 'observations' | 'declarations' | 'registry';

export interface SubmissionRow {
  id: number;
  party: string;
  submittedBy: string;
  visibility: Visibility;
  kind: SubmissionKind;
  format: string;
  filename: string;
  /** Store source names (or, for declarations, the one source name their observation ids cite). */
  sources: string[];
  /** `ingested`, `skipped` (the same bytes were stored before), `stored` (declarations, registries). */
  status: string;
  summaries: ReadSummary[];
  submittedAt: string;
}

export interface AgreementRow {
  seq: number;
  id: string;
  kind: 'agreement' | 'draft';
  party: string;
  submittedBy: string;
  visibility: Visibility;
  filename: string;
  text: string;
  submittedAt: string;
}

export interface CallerRow {
  name: string;
  role: Role;
  vkey: string;
  registeredAt: string;
  registeredBy: string;
}

export interface AttestationRow {
  run: number;
  finding: string;
  by: string;
  note: string | null;
  at: string;
}

type Row = Record<string, unknown>;

const submissionOf = (r: Row): SubmissionRow => ({
  id: r.id as number,
  party: r.party as string,
  submittedBy: r.submitted_by as string,
  visibility: r.visibility as Visibility,
  kind: r.kind as SubmissionKind,
  format: r.format as string,
  filename: r.filename as string,
  sources: JSON.parse(r.sources as string) as string[],
  status: r.status as string,
  summaries: JSON.parse(r.summaries as string) as ReadSummary[],
  submittedAt: r.submitted_at as string,
});

const agreementOf = (r: Row): AgreementRow => ({
  seq: r.seq as number,
  id: r.id as string,
  kind: r.kind as AgreementRow['kind'],
  party: r.party as string,
  submittedBy: r.submitted_by as string,
  visibility: r.visibility as Visibility,
  filename: r.filename as string,
  text: r.text as string,
  submittedAt: r.submitted_at as string,
});

const callerOf = (r: Row): CallerRow => ({ name: r.name as string, role: r.role as Role, vkey: r.vkey as string, registeredAt: r.registered_at as string, registeredBy: r.registered_by as string });

export class ServerTables {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // A submission is acknowledged to its submitter: it must survive a power cut once answered.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  callers(): CallerRow[] {
    return (this.db.prepare('SELECT * FROM api_callers ORDER BY name').all() as Row[]).map(callerOf);
  }

  caller(name: string): CallerRow | undefined {
    const r = this.db.prepare('SELECT * FROM api_callers WHERE name = ?').get(name) as Row | undefined;
    return r ? callerOf(r) : undefined;
  }

  /** Registers a caller or replaces its key and role (the old key's token stops working). */
  putCaller(c: Omit<CallerRow, 'registeredAt'>): CallerRow {
    this.db
      .prepare('INSERT INTO api_callers (name, role, vkey, registered_at, registered_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET role = excluded.role, vkey = excluded.vkey, registered_at = excluded.registered_at, registered_by = excluded.registered_by')
      .run(c.name, c.role, c.vkey, new Date().toISOString(), c.registeredBy);
    return this.caller(c.name)!;
  }

  removeCaller(name: string): boolean {
    return this.db.prepare('DELETE FROM api_callers WHERE name = ?').run(name).changes > 0;
  }

  hasAdministrator(): boolean {
    return this.db.prepare(`SELECT 1 FROM api_callers WHERE role = 'administrator' LIMIT 1`).get() !== undefined;
  }

  /**
   * Takes the next submission id before its data is read: the source names carry it, so two
   * submissions of one file name in flight at once never share a source name. The row stays
   * `receiving` (listed nowhere) until `completeSubmission`, and is dropped if the data is refused.
   */
  reserveSubmission(s: Pick<SubmissionRow, 'party' | 'submittedBy' | 'visibility' | 'kind' | 'filename'>): number {
    return Number(
      this.db
        .prepare(`INSERT INTO api_submissions (party, submitted_by, visibility, kind, format, filename, sources, status, summaries, submitted_at) VALUES (?, ?, ?, ?, '', ?, '[]', 'receiving', '[]', ?)`)
        .run(s.party, s.submittedBy, s.visibility, s.kind, s.filename, new Date().toISOString()).lastInsertRowid,
    );
  }

  completeSubmission(id: number, s: Pick<SubmissionRow, 'format' | 'sources' | 'status' | 'summaries'>, content?: Buffer): SubmissionRow {
    this.db.prepare('UPDATE api_submissions SET format = ?, sources = ?, status = ?, summaries = ?, content = ? WHERE id = ?').run(s.format, JSON.stringify(s.sources), s.status, JSON.stringify(s.summaries), content ?? null, id);
    return this.submission(id)!;
  }

  dropSubmission(id: number): void {
    this.db.prepare(`DELETE FROM api_submissions WHERE id = ? AND status = 'receiving'`).run(id);
  }

  submission(id: number): SubmissionRow | undefined {
    const r = this.db.prepare(`SELECT * FROM api_submissions WHERE id = ? AND status != 'receiving'`).get(id) as Row | undefined;
    return r ? submissionOf(r) : undefined;
  }

  submissionContent(id: number): Buffer | undefined {
    return (this.db.prepare('SELECT content FROM api_submissions WHERE id = ?').pluck().get(id) as Buffer | null | undefined) ?? undefined;
  }

  submissions(kind?: SubmissionKind): SubmissionRow[] {
    // Without the content: the list is read on every filtered query, the content only when asked for.
    const cols = 'id, party, submitted_by, visibility, kind, format, filename, sources, status, summaries, submitted_at';
    const rows = kind
      ? this.db.prepare(`SELECT ${cols} FROM api_submissions WHERE kind = ? AND status != 'receiving' ORDER BY id`).all(kind)
      : this.db.prepare(`SELECT ${cols} FROM api_submissions WHERE status != 'receiving' ORDER BY id`).all();
    return (rows as Row[]).map(submissionOf);
  }

  addAgreement(a: Omit<AgreementRow, 'seq' | 'submittedAt'>): AgreementRow {
    const seq = Number(
      this.db
        .prepare('INSERT INTO api_agreements (id, kind, party, submitted_by, visibility, filename, text, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(a.id, a.kind, a.party, a.submittedBy, a.visibility, a.filename, a.text, new Date().toISOString()).lastInsertRowid,
    );
    return agreementOf(this.db.prepare('SELECT * FROM api_agreements WHERE seq = ?').get(seq) as Row);
  }

  /** The latest version of each agreement (or draft) id. */
  agreements(kind: AgreementRow['kind']): AgreementRow[] {
    const rows = this.db.prepare('SELECT * FROM api_agreements WHERE seq IN (SELECT max(seq) FROM api_agreements WHERE kind = ? GROUP BY id) ORDER BY id').all(kind) as Row[];
    return rows.map(agreementOf);
  }

  attest(a: Omit<AttestationRow, 'at'>): AttestationRow {
    this.db.prepare('INSERT INTO api_attestations (run, finding, by, note, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING').run(a.run, a.finding, a.by, a.note, new Date().toISOString());
    return this.db.prepare('SELECT run, finding, by, note, at FROM api_attestations WHERE run = ? AND finding = ? AND by = ?').get(a.run, a.finding, a.by) as AttestationRow;
  }

  attestations(): AttestationRow[] {
    return this.db.prepare('SELECT run, finding, by, note, at FROM api_attestations ORDER BY run, finding, by').all() as AttestationRow[];
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
