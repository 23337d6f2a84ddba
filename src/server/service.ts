/**
 * What the routes do, without HTTP: submissions through the same ingest as `redline ingest`,
 * agreements through the same parser as `redline validate`, checks through the same engine as
 * `redline check` (the live evaluator, so each check also says what changed), and reads filtered by
 * who may see what (auth.ts).
 *
 * Visibility of derived data follows its sources. Every observation id is `<source>:<line>` and
 * every source belongs to one submission, so a position, and a finding through the observations it
 * cites, is visible to a caller exactly when all its sources are. Sources the server did not take in
 * (ingested with the CLI into the same store) count as published: the operator put them there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { createGeo, type LoadedGeo } from '../geo/index.js';
import { Agreement, parseAgreementText, type LanguageIssue } from '../language/index.js';
import { attributeAssets, InputError, readObservationStream, sniffFormat, SNIFF_BYTES, type ObservationFormat } from '../observations/load.js';
import { emptyObservationSet, type ObservationSet, type QuarantinedRecord } from '../observations/model.js';
import { loadCatalogue, type Catalogue } from '../observations/registry/catalogue.js';
import { ingestInputs } from '../store/ingest.js';
import type { Store } from '../store/store.js';
import { kindParamSchemas, PlaceError, placeSpecOf, type Finding } from '../verify/index.js';
import { LiveEvaluator, type LiveEvent } from '../verify/live.js';
import { bundled } from '../cli/paths.js';
import { decodeEntry, EntryError } from '../record/entry.js';
import { noteVerifier } from '../record/keys.js';
import { openNote } from '../record/note.js';
import { LogStateError, SqliteLog } from '../store/log/sqlite-log.js';
import { maySubmitAs, mayRead, type Caller, type Decision, type Visibility } from './auth.js';
import type { AgreementRow, ServerTables, SubmissionRow } from './tables.js';

/** A refusal or a bad request the routes turn into a status and a JSON body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiIssue {
  field: string;
  reason: string;
  file?: string;
  line?: number;
  column?: number;
  code?: string;
  expected?: string;
}

export function forbid(d: Decision): void {
  if (!d.ok) throw new ApiError(403, 'forbidden', d.reason);
}

const POSITION_FORMATS: readonly ObservationFormat[] = ['nmea', 'dma-csv', 'opensky', 'geojson'];
/** Dated facts a party states about its own acts; reports (attack, transfer) name another party as the actor. */
const OWN_ACT_TYPES = new Set(['membership', 'step', 'activity', 'notification', 'holding']);

export interface FindingFilter {
  agreement?: string;
  commitment?: string;
  party?: string;
  verdict?: Finding['verdict'];
  view?: string;
  from?: string;
  to?: string;
  place?: string;
  bbox?: [number, number, number, number];
  run?: number;
}

export interface VisibleFinding {
  run: number;
  finding: Finding;
  attestations: { by: string; at: string; note: string | null }[];
}

export interface CheckOutcome {
  run: number;
  findings: Finding[];
  events: LiveEvent[];
  counts: Record<string, number>;
}

type Listener = (run: number, events: LiveEvent[]) => void;

export class RedlineService {
  readonly geo: LoadedGeo;
  private readonly catalogue: Catalogue;
  private live: { key: string; evaluator: LiveEvaluator } | undefined;
  /** Latest run holding findings of each agreement: the default answer to a findings query. */
  private latestRun = new Map<string, number>();
  private checking: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<Listener>();
  private readonly placeCache = new Map<string, object[]>();
  /** Bumped by every change a read can see (submission, agreement, check, attestation): keys of `memo`. */
  private revision = 0;
  private readonly answers = new Map<string, Promise<{ body: Buffer; gzip: Buffer }>>();

  constructor(
    readonly store: Store,
    readonly tables: ServerTables,
    options: { geo?: LoadedGeo; cataloguePath?: string } = {},
  ) {
    this.geo = options.geo ?? createGeo();
    this.catalogue = loadCatalogue(options.cataloguePath ?? bundled('data', 'assets', 'catalogue.yaml'));
  }

  /**
   * Finds, for each registered agreement, the latest run holding its findings (runs of `check
   * --store` on the same file included), newest run first.
   */
  async init(): Promise<void> {
    const runs = (await this.store.runs()).map((r) => r.id).sort((a, b) => b - a);
    for (const { id } of this.tables.agreements('agreement')) {
      for (const run of runs) {
        if ((await this.store.findings({ run, agreement: id })).length) {
          this.latestRun.set(id, run);
          break;
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Submissions.

  async submitObservations(caller: Caller, body: { party: string; filename: string; content: string; encoding: 'utf8' | 'base64'; visibility: Visibility }): Promise<{ submission: SubmissionRow; quarantine: QuarantinedRecord[] }> {
    forbid(maySubmitAs(caller, body.party));
    const bytes = decode(body.content, body.encoding);
    const format = formatOrThrow(body.filename, bytes, 'observations');
    if (format === 'events') throw new ApiError(422, 'invalid-content', `${body.filename}: dated facts go to POST /v1/declarations`, [{ field: 'content', reason: 'holds dated facts (redline-events), not positions' }]);
    const id = this.tables.reserveSubmission({ party: body.party, submittedBy: caller.name, visibility: body.visibility, kind: 'observations', filename: body.filename });
    const name = `${body.party}-${id}-${body.filename}`;
    const dir = mkdtempSync(join(tmpdir(), 'redline-submission-'));
    try {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      let result;
      try {
        result = await ingestInputs(this.store, [file], { catalogue: this.catalogue });
      } catch (e) {
        if (e instanceof InputError || (e as Error).name === 'SourceError') throw new ApiError(422, 'invalid-content', (e as Error).message.replaceAll(dir + '/', ''), [{ field: 'content', reason: (e as Error).message.replaceAll(dir + '/', '') }]);
        throw e;
      }
      const sources = result.entries.map((e) => e.source.name);
      const summaries = result.entries.map((e) => e.summary ?? e.source.summary!).filter(Boolean);
      const status = result.entries.every((e) => e.status === 'skipped') ? 'skipped' : 'ingested';
      // A zip's entries may differ in format: the submission lists what its sources were read as.
      const formats = [...new Set(result.entries.map((e) => e.source.format))].join(',') || format;
      const submission = this.tables.completeSubmission(id, { format: formats, sources, status, summaries });
      this.revision++;
      const quarantine: QuarantinedRecord[] = [];
      for (const s of sources) {
        if (quarantine.length >= 100) break;
        quarantine.push(...(await this.store.quarantine(s)).slice(0, 100 - quarantine.length));
      }
      return { submission, quarantine };
    } finally {
      this.tables.dropSubmission(id);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async submitDeclarations(caller: Caller, body: { party: string; filename: string; content: string; encoding: 'utf8' | 'base64'; visibility: Visibility }): Promise<{ submission: SubmissionRow; quarantine: QuarantinedRecord[] }> {
    forbid(maySubmitAs(caller, body.party));
    const bytes = decode(body.content, body.encoding);
    const format = formatOrThrow(body.filename, bytes, 'declarations');
    if (format !== 'events') throw new ApiError(422, 'invalid-content', `${body.filename}: not dated facts (a YAML or JSON file with redline-events: 1); positions go to POST /v1/observations`, [{ field: 'content', reason: `reads as ${format}, not as dated facts` }]);
    const id = this.tables.reserveSubmission({ party: body.party, submittedBy: caller.name, visibility: body.visibility, kind: 'declarations', filename: body.filename });
    try {
      const name = `${body.party}-${id}-${body.filename}`;
      const set = emptyObservationSet();
      const summary = await readEventsOrThrow(bytes, name, set);
      this.checkOwnActs(caller, body.party, set);
      const submission = this.tables.completeSubmission(id, { format, sources: [name], status: 'stored', summaries: [summary] }, Buffer.from(bytes));
      this.revision++;
      return { submission, quarantine: set.quarantine.slice(0, 100) };
    } finally {
      this.tables.dropSubmission(id);
    }
  }

  /** A party states its own acts only; its reports of others' acts (attacks, transfers) name them as actors. */
  private checkOwnActs(caller: Caller, party: string, set: ObservationSet): void {
    if (caller.role === 'party') {
      const foreign = set.events.items.find((e) => OWN_ACT_TYPES.has(e.type) && e.party !== party);
      if (foreign) forbid({ ok: false, reason: `${foreign.observation}: a ${foreign.type} of ${foreign.party}; ${caller.name} may declare only its own` });
      const cover = set.events.coverage.find((c) => OWN_ACT_TYPES.has(c.type) && c.party !== party);
      if (cover) forbid({ ok: false, reason: `${cover.observation}: a coverage statement for ${cover.party}; ${caller.name} may state only its own` });
    }
  }

  async submitRegistry(caller: Caller, body: { filename: string; content: string; encoding: 'utf8' | 'base64' }): Promise<{ submission: SubmissionRow; quarantine: QuarantinedRecord[] }> {
    const bytes = decode(body.content, body.encoding);
    const dir = mkdtempSync(join(tmpdir(), 'redline-registry-'));
    try {
      const file = join(dir, body.filename);
      writeFileSync(file, bytes);
      try {
        await ingestInputs(this.store, [], { registry: [file], catalogue: this.catalogue });
      } catch (e) {
        if (e instanceof InputError || (e as Error).name === 'SourceError') {
          const message = (e as Error).message.replaceAll(dir + '/', '');
          throw new ApiError(422, 'invalid-content', message, issuesFromLines(message));
        }
        throw e;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const id = this.tables.reserveSubmission({ party: caller.name, submittedBy: caller.name, visibility: 'published', kind: 'registry', filename: body.filename });
    this.revision++;
    return { submission: this.tables.completeSubmission(id, { format: 'registry', sources: [], status: 'stored', summaries: [] }, Buffer.from(bytes)), quarantine: [] };
  }

  submission(caller: Caller, id: number): { submission: SubmissionRow; content?: string } {
    const s = this.tables.submission(id);
    if (!s) throw new ApiError(404, 'not-found', `no submission ${id}`);
    forbid(mayRead(caller, s.party, s.visibility));
    const content = s.kind === 'observations' ? undefined : this.tables.submissionContent(id)?.toString('utf8');
    return { submission: s, ...(content !== undefined ? { content } : {}) };
  }

  submissions(caller: Caller): SubmissionRow[] {
    return this.tables.submissions().filter((s) => mayRead(caller, s.party, s.visibility).ok);
  }

  /**
   * A submission signed by its submitter (a record entry made by `redline log sign`): the entry must
   * claim the caller's party and carry the signature of the caller's own key; it is appended to the
   * record log (which checks it once more against the keys registered there), and only then are its
   * bytes ingested.
   */
  async submitSigned(caller: Caller, body: { entry: string; filename: string; visibility: Visibility }): Promise<{ submission: SubmissionRow; quarantine: QuarantinedRecord[]; record: { index: number; leafHash: string } }> {
    const bytes = decode(body.entry, 'base64');
    let entry;
    try {
      entry = decodeEntry(bytes);
    } catch (e) {
      throw new ApiError(422, 'invalid-content', `entry: ${(e as Error).message}`, [{ field: 'entry', reason: (e as Error).message }]);
    }
    if (entry.header.kind !== 'submission') throw new ApiError(422, 'invalid-content', `entry: a ${entry.header.kind} entry, not a submission`, [{ field: 'entry', reason: `is a ${entry.header.kind} entry; make a submission with redline log sign --party P FILE` }]);
    const party = entry.header.party!;
    forbid(maySubmitAs(caller, party));
    try {
      openNote(entry.note, [noteVerifier(caller.key)]);
    } catch (e) {
      forbid({ ok: false, reason: `the entry is not signed with ${caller.name}'s registered key (${(e as Error).message})` });
    }
    const payload = Buffer.from(entry.payload);
    const format = formatOrThrow(body.filename, payload, 'observations');
    if (format === 'events') throw new ApiError(422, 'invalid-content', `${body.filename}: dated facts go to POST /v1/declarations`, [{ field: 'entry', reason: 'holds dated facts (redline-events), not positions' }]);
    const log = this.recordLog();
    let index: number;
    try {
      index = log.append(bytes);
    } catch (e) {
      if (e instanceof EntryError) forbid({ ok: false, reason: `the record log refuses the entry (${e.code}): ${e.message}` });
      throw e;
    }
    const r = await this.submitObservations(caller, { party, filename: body.filename, content: payload.toString('base64'), encoding: 'base64', visibility: body.visibility });
    return { ...r, record: { index, leafHash: Buffer.from(log.leafHash(index)).toString('hex') } };
  }

  private log: SqliteLog | undefined;

  /** The store's record log, opened on first use (it may be created with `redline log init` while the server runs). */
  private recordLog(): SqliteLog {
    if (!this.log) {
      try {
        this.log = new SqliteLog(this.store.location);
      } catch (e) {
        if (e instanceof LogStateError) throw new ApiError(409, 'conflict', `this store has no record log: ${e.message}`);
        throw e;
      }
    }
    return this.log;
  }

  close(): void {
    this.log?.close();
  }

  // -------------------------------------------------------------------------------------------
  // Agreements and drafts.

  putAgreement(caller: Caller, kind: AgreementRow['kind'], body: { party?: string; filename?: string; content: string; visibility: Visibility }): AgreementRow {
    const filename = body.filename ?? `${kind}.yaml`;
    const parsed = parseAgreementText(body.content, filename, kindParamSchemas());
    if (!parsed.agreement) throw new ApiError(422, 'invalid-content', `${filename}: ${parsed.issues.length} problem(s) in the ${kind}`, parsed.issues.map(fromLanguageIssue));
    const party = kind === 'draft' ? body.party! : caller.name;
    if (kind === 'draft') {
      forbid(maySubmitAs(caller, party));
      if (parsed.agreement.proposer !== party) {
        throw new ApiError(422, 'invalid-content', `${filename}: a draft names its proposer, and it must be ${party}`, [{ field: 'proposer', reason: parsed.agreement.proposer === undefined ? 'missing: a draft says who proposes it' : `is ${parsed.agreement.proposer}, not the submitting party ${party}`, file: filename }]);
      }
    }
    const row = this.tables.addAgreement({ id: parsed.agreement.id, kind, party, submittedBy: caller.name, visibility: body.visibility, filename, text: body.content });
    if (kind === 'agreement') this.live = undefined;
    this.revision++;
    return row;
  }

  agreements(caller: Caller, kind: AgreementRow['kind']): AgreementRow[] {
    return this.tables.agreements(kind).filter((a) => mayRead(caller, a.party, a.visibility).ok);
  }

  agreement(caller: Caller, kind: AgreementRow['kind'], id: string): { row: AgreementRow; agreement: Agreement } {
    const row = this.tables.agreements(kind).find((a) => a.id === id);
    if (!row) throw new ApiError(404, 'not-found', `no ${kind} ${id}`);
    forbid(mayRead(caller, row.party, row.visibility));
    return { row, agreement: loaded(row) };
  }

  // -------------------------------------------------------------------------------------------
  // Checks, findings, live changes.

  onLive(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One check at a time: each is a run over everything stored, and their live changes are in order. */
  check(by: string): Promise<CheckOutcome> {
    const next = this.checking.then(() => this.runCheck(by));
    this.checking = next.catch(() => undefined);
    return next;
  }

  private async runCheck(by: string): Promise<CheckOutcome> {
    const rows = this.tables.agreements('agreement');
    const key = rows.map((r) => r.seq).join(',');
    if (this.live?.key !== key) this.live = { key, evaluator: new LiveEvaluator(rows.map(loaded), this.geo) };
    const obs = await this.observationSet();
    const run = await this.store.beginRun('serve-check', [`by=${by}`, ...rows.map((r) => `${r.id}@${r.seq}`)]);
    const { findings, events } = this.live.evaluator.evaluate(obs, true);
    await this.store.putFindings(run, findings);
    const counts: Record<string, number> = { findings: findings.length, positions: obs.positions.length, events: obs.events.length };
    for (const f of findings) counts[f.verdict] = (counts[f.verdict] ?? 0) + 1;
    await this.store.finishRun(run, 'done', counts);
    for (const r of rows) this.latestRun.set(r.id, run);
    this.revision++;
    for (const l of this.listeners) l(run, events);
    return { run, findings, events, counts };
  }

  /** Everything stored, with the declared facts read again and assets attributed as `check` does. */
  private async observationSet(): Promise<ObservationSet> {
    const obs = await this.store.readObservations();
    for (const s of this.tables.submissions('declarations')) {
      const content = this.tables.submissionContent(s.id);
      if (content) await readEventsOrThrow(content, s.sources[0]!, obs);
    }
    attributeAssets(obs, this.catalogue);
    return obs;
  }

  async findings(caller: Caller, q: FindingFilter): Promise<VisibleFinding[]> {
    const runs: [string | undefined, number][] = q.run !== undefined ? [[q.agreement, q.run]] : [...this.latestRun].filter(([a]) => q.agreement === undefined || a === q.agreement);
    const visible = this.sourceVisibility(caller);
    const attestations = this.attestationIndex();
    const places = q.place !== undefined ? this.commitmentsReferring(q.place) : undefined;
    const out: VisibleFinding[] = [];
    for (const [agreement, run] of runs) {
      const stored = await this.store.findings({ run, ...defined({ agreement, commitment: q.commitment, view: q.view, verdict: q.verdict, from: q.from, to: q.to }) });
      for (const { finding: f } of stored) {
        if (q.party !== undefined && !f.obligor.includes(q.party) && !f.beneficiary.includes(q.party)) continue;
        if (places && !places.has(`${f.agreement}/${f.commitment}`)) continue;
        if (q.bbox && !f.points.some((p) => inBox(p.lon, p.lat, q.bbox!))) continue;
        if (!citedSources(f).every(visible)) continue;
        out.push({ run, finding: f, attestations: attestations.get(`${run}/${f.id}`) ?? [] });
      }
    }
    return out;
  }

  /** A guarantor attests a finding it can see in a stored run. */
  async attest(caller: Caller, run: number, findingId: string, note?: string): Promise<{ run: number; finding: string; by: string; at: string; note: string | null }> {
    const found = (await this.store.findings({ run })).find((s) => s.finding.id === findingId);
    if (!found) throw new ApiError(404, 'not-found', `no finding ${findingId} in run ${run}`);
    const row = this.tables.attest({ run, finding: findingId, by: caller.name, note: note ?? null });
    this.revision++;
    return row;
  }

  /**
   * Who a caller reads as: what it may see depends only on this (auth.ts, mayRead), so answers can
   * be shared between callers of one audience.
   */
  audienceOf(caller: Caller): string {
    return caller.role === 'guarantor' ? 'all' : caller.role === 'party' ? `party:${caller.name}` : 'published';
  }

  /**
   * An answer computed once per revision of the data and `key` (which must hold the audience and
   * the query): many clients polling the same findings cost one query and one serialisation, and
   * concurrent first requests wait on the same computation. Answers come UTF-8 encoded, plain and gzip.
   */
  memo(key: string, compute: () => Promise<string>): Promise<{ body: Buffer; gzip: Buffer }> {
    const k = `${this.revision}|${key}`;
    let answer = this.answers.get(k);
    if (!answer) {
      if (this.answers.size >= 256) this.answers.clear();
      // Kept encoded, and compressed once: findings JSON shrinks about tenfold, and a cached
      // answer then costs neither encoding nor compression per request.
      answer = compute().then((text) => {
        const body = Buffer.from(text, 'utf8');
        return { body, gzip: zlib.gzipSync(body) };
      });
      this.answers.set(k, answer);
      answer.catch(() => this.answers.delete(k));
    }
    return answer;
  }

  /** Live events a caller may see: withdrawals and changes of findings resting on what it can read. */
  visibleEvents(caller: Caller, events: LiveEvent[]): LiveEvent[] {
    const visible = this.sourceVisibility(caller);
    return events.filter((e) => citedSources(e.finding).every(visible));
  }

  // -------------------------------------------------------------------------------------------
  // Observations, tracks and places as GeoJSON.

  async positions(caller: Caller, q: { asset?: string[]; from?: number; to?: number; limit: number }): Promise<{ set: ObservationSet; rows: number[] }> {
    const set = await this.store.readObservations(defined({ from: q.from, to: q.to, assets: q.asset }));
    const visible = this.sourceVisibility(caller);
    const sourceOk = set.positions.sources.map((s) => visible(s));
    const p = set.positions;
    const rows: number[] = [];
    for (const i of p.timeOrder()) {
      if (!sourceOk[p.source[i]!]) continue;
      rows.push(i);
      if (rows.length >= q.limit) break;
    }
    return { set, rows };
  }

  places(caller: Caller, agreementId: string, views: string[] | undefined, at: number): object[] {
    const { row, agreement } = this.agreement(caller, 'agreement', agreementId);
    const features: object[] = [];
    for (const view of views?.length ? views : agreement.defaultViews()) {
      const key = `${row.seq}|${view}|${new Date(at).toISOString().slice(0, 10)}`;
      let cached = this.placeCache.get(key);
      if (!cached) {
        cached = [];
        for (const decl of agreement.decl.places) {
          let region;
          try {
            region = this.geo.resolve(decl.id, placeSpecOf(agreement, decl), view, (party) => agreement.statesOf(party, at));
          } catch (e) {
            const message = e instanceof PlaceError ? e.message : `place "${decl.id}" under view ${view}: ${(e as Error).message}`;
            throw new ApiError(422, 'invalid-content', message, [{ field: 'view', reason: message }]);
          }
          cached.push({
            type: 'Feature',
            id: `${agreement.id}/${decl.id}/${view}`,
            geometry: { type: 'MultiPolygon', coordinates: region.geometry() },
            properties: { agreement: agreement.id, place: decl.id, kind: decl.kind, name: decl.name ?? decl.id, view, description: region.description },
          });
        }
        this.placeCache.set(key, cached);
      }
      features.push(...cached);
    }
    return features;
  }

  // -------------------------------------------------------------------------------------------

  /** Who may see a source name: by its submission's party and visibility; unknown sources are the operator's, published. */
  private sourceVisibility(caller: Caller): (source: string) => boolean {
    const owner = new Map<string, { party: string; visibility: Visibility }[]>();
    for (const s of this.tables.submissions()) for (const name of s.sources) owner.set(name, [...(owner.get(name) ?? []), { party: s.party, visibility: s.visibility }]);
    return (source) => {
      const subs = owner.get(source);
      // The same bytes submitted twice share one source: readable if any submission of it is.
      return subs === undefined || subs.some((s) => mayRead(caller, s.party, s.visibility).ok);
    };
  }

  private attestationIndex(): Map<string, { by: string; at: string; note: string | null }[]> {
    const m = new Map<string, { by: string; at: string; note: string | null }[]>();
    for (const a of this.tables.attestations()) {
      const k = `${a.run}/${a.finding}`;
      m.set(k, [...(m.get(k) ?? []), { by: a.by, at: a.at, note: a.note }]);
    }
    return m;
  }

  /** `agreement/commitment` of every commitment whose params name the place. */
  private commitmentsReferring(place: string): Set<string> {
    const out = new Set<string>();
    for (const row of this.tables.agreements('agreement')) {
      const a = loaded(row);
      for (const c of a.decl.commitments) if (mentions(c.params, place)) out.add(`${a.id}/${c.id}`);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------

const agreementCache = new Map<string, Agreement>();

function loaded(row: AgreementRow): Agreement {
  const key = `${row.kind}/${row.seq}/${row.filename}/${row.text.length}`;
  let a = agreementCache.get(key);
  if (!a) {
    const parsed = parseAgreementText(row.text, row.filename, kindParamSchemas());
    if (!parsed.agreement) throw new Error(`${row.filename}: stored ${row.kind} no longer parses`);
    a = new Agreement(parsed.agreement, row.filename);
    agreementCache.set(key, a);
  }
  return a;
}

function decode(content: string, encoding: 'utf8' | 'base64'): Buffer {
  if (encoding === 'utf8') return Buffer.from(content, 'utf8');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content.replace(/\s+/g, ''))) throw new ApiError(400, 'bad-request', 'content is not base64', [{ field: 'content', reason: 'is not base64 (encoding: base64)' }]);
  return Buffer.from(content, 'base64');
}

/** The input's format, or `zip` (each file in it has its own, told by the ingest). */
function formatOrThrow(filename: string, bytes: Buffer, what: string): ObservationFormat | 'zip' {
  if (/\.zip$/i.test(filename) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    if (what === 'declarations') throw new ApiError(422, 'invalid-content', `${filename}: declarations are one YAML or JSON file, not a zip`, [{ field: 'filename', reason: 'a zip archive' }]);
    return 'zip';
  }
  try {
    const head = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipHead(bytes) : bytes.subarray(0, SNIFF_BYTES);
    const format = sniffFormat(filename.replace(/\.gz$/i, ''), head);
    if (!POSITION_FORMATS.includes(format) && format !== 'events') throw new InputError(`${filename}: not observations`);
    return format;
  } catch (e) {
    if (e instanceof InputError) throw new ApiError(422, 'invalid-content', e.message, [{ field: 'filename', reason: e.message }]);
    throw e;
  }
}

function gunzipHead(bytes: Buffer): Buffer {
  try {
    return zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, SNIFF_BYTES);
  } catch (e) {
    throw new ApiError(422, 'invalid-content', `not a valid gzip stream: ${(e as Error).message}`, [{ field: 'content', reason: 'not a valid gzip stream' }]);
  }
}

async function readEventsOrThrow(bytes: Buffer, name: string, set: ObservationSet) {
  const chunks = (async function* () {
    yield bytes;
  })();
  try {
    return await readObservationStream('events', chunks, set, name);
  } catch (e) {
    if (e instanceof InputError || (e as Error).name === 'SourceError') {
      const message = (e as Error).message;
      throw new ApiError(422, 'invalid-content', message, issuesFromLines(message));
    }
    throw e;
  }
}

/** `file:line:column: field: message` lines (the readers' error form) as issues. */
function issuesFromLines(message: string): ApiIssue[] {
  return message.split('\n').map((l) => {
    const m = /^(.*?):(\d+):(\d+): (?:([^:]+): )?(.*)$/.exec(l);
    if (!m) return { field: 'content', reason: l };
    return { file: m[1]!, line: Number(m[2]), column: Number(m[3]), field: m[4] ?? 'content', reason: m[5]! };
  });
}

function fromLanguageIssue(i: LanguageIssue): ApiIssue {
  return { field: i.field, reason: i.message, file: i.file, line: i.line, column: i.column, code: i.code, ...(i.expected ? { expected: i.expected } : {}) };
}


/** Source names of the observation ids a finding cites (evidence and key points). */
export function citedSources(f: Finding): string[] {
  const ids = [...f.evidence, ...f.points.map((p) => p.observation).filter((o): o is string => o !== undefined)];
  return [...new Set(ids.map((id) => id.slice(0, id.lastIndexOf(':'))))];
}

function inBox(lon: number, lat: number, [w, s, e, n]: [number, number, number, number]): boolean {
  if (lat < s || lat > n) return false;
  return w <= e ? lon >= w && lon <= e : lon >= w || lon <= e;
}

function mentions(v: unknown, id: string): boolean {
  if (v === id) return true;
  if (Array.isArray(v)) return v.some((x) => mentions(x, id));
  if (v && typeof v === 'object') return Object.values(v).some((x) => mentions(x, id));
  return false;
}

function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
