/**
 * The Store on SQLite (better-sqlite3): one file, `redline.db` by default.
 *
 * Journal and durability: WAL, so readers (a `check` while an ingest runs, later the server) never
 * block the writer, and `synchronous=NORMAL` by default. In WAL mode NORMAL syncs only at
 * checkpoints: a crash of the process loses nothing committed and the file is never corrupt; a power
 * cut or OS crash may lose the last few commits. For an ingest that is the right trade (several times
 * faster on bulk writes): its input is still on disk, the source is only marked done in the
 * transaction of its last batch, and rerunning the ingest redoes exactly what was lost. The record log
 * (issue 6) acknowledges entries to submitters and must open with `durability: 'full'`
 * (`synchronous=FULL`, a sync on every commit).
 *
 * Positions are rows keyed on (source, seq): seq numbers a source's positions in the order its reader
 * produced them, which is deterministic, so a batch written twice adds nothing. (source, line) is not
 * unique in general: a GeoJSON vertex line can carry several fixes. Times are REAL ms (SQLite writes
 * integral REALs as integers on disk, so whole milliseconds cost no more than an INTEGER); NaN speed
 * and course are NULL.
 *
 * Indexes: (source, seq) is the table's own key, and time has an index, since every read is by time
 * window (check --from/--to, the server's queries). There is deliberately no (asset, time) index:
 * AIS interleaves thousands of ships, so its inserts land all over the tree and tripled the cost of
 * a bulk ingest (measured: 1.3 s → 3.9 s per million rows); a read by asset list scans the time window
 * and filters. Add it in a migration if per-asset reads over long windows come to matter more.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../observations/load.js';
import { emptyObservationSet, type Asset, type ObservationSet, type QuarantinedRecord, type ReadSummary } from '../observations/model.js';
import type { Finding } from '../verify/finding.js';
import type { FindingQuery, IngestBatch, ObservationQuery, RunRecord, SourceInfo, SourceStatus, Store, StoredFinding, StoredSource } from './store.js';
import { STORE_TABLES } from './store.js';

export const DEFAULT_STORE_PATH = 'redline.db';

/** Ordered migrations: migration i brings `user_version` from i to i + 1. Never edit one that shipped; add another. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    format TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ingesting', 'done')),
    started_at TEXT NOT NULL,
    done_at TEXT,
    positions_written INTEGER NOT NULL DEFAULT 0,
    quarantine_written INTEGER NOT NULL DEFAULT 0,
    read INTEGER, accepted INTEGER, quarantined INTEGER, positions INTEGER,
    summary TEXT
  );
  CREATE INDEX sources_name ON sources(name);

  CREATE TABLE assets (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    party TEXT, flag TEXT, class TEXT, name TEXT,
    mmsi INTEGER, callsign TEXT, ais_ship_type INTEGER,
    weapon_range_km REAL, weapon_range_source TEXT,
    attributed_by TEXT
  );

  CREATE TABLE positions (
    source INTEGER NOT NULL REFERENCES sources(id),
    seq INTEGER NOT NULL,
    line INTEGER NOT NULL,
    asset INTEGER NOT NULL REFERENCES assets(key),
    time REAL NOT NULL,
    lon REAL NOT NULL,
    lat REAL NOT NULL,
    speed REAL,
    course REAL,
    PRIMARY KEY (source, seq)
  ) WITHOUT ROWID;
  CREATE INDEX positions_time ON positions(time);

  CREATE TABLE quarantine (
    source INTEGER NOT NULL REFERENCES sources(id),
    seq INTEGER NOT NULL,
    line INTEGER NOT NULL,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    raw TEXT NOT NULL,
    PRIMARY KEY (source, seq)
  ) WITHOUT ROWID;
  CREATE INDEX quarantine_code ON quarantine(code);

  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    args TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{}'
  );

  CREATE TABLE findings (
    run INTEGER NOT NULL REFERENCES runs(id),
    ord INTEGER NOT NULL,
    id TEXT NOT NULL,
    agreement TEXT NOT NULL,
    commitment TEXT NOT NULL,
    kind TEXT NOT NULL,
    view TEXT NOT NULL,
    verdict TEXT NOT NULL,
    period_from TEXT,
    period_to TEXT,
    json TEXT NOT NULL,
    PRIMARY KEY (run, ord),
    UNIQUE (run, id)
  ) WITHOUT ROWID;
  CREATE INDEX findings_commitment ON findings(agreement, commitment, view);
  CREATE INDEX findings_verdict ON findings(verdict);
  CREATE INDEX findings_period ON findings(period_from, period_to);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

const POSITION_BLOCK = 64;

/** Columns that say when something happened; `contentDigest` can leave them out. */
const TIME_COLUMNS = new Set(['started_at', 'done_at', 'finished_at']);
const TABLE_ORDER: Record<(typeof STORE_TABLES)[number], string> = {
  sources: 'id',
  assets: 'key',
  positions: 'source, seq',
  quarantine: 'source, seq',
  findings: 'run, ord',
  runs: 'id',
};

export interface SqliteStoreOptions {
  /** `normal` (default) for bulk ingest; `full` where a commit must survive a power cut (the record log). */
  durability?: 'normal' | 'full';
  readonly?: boolean;
}

type Row = Record<string, unknown>;

const nullable = (x: number): number | null => (Number.isNaN(x) ? null : x);
const num = (x: unknown): number => (x === null || x === undefined ? NaN : (x as number));
const str = (x: unknown): string | undefined => (x === null || x === undefined ? undefined : String(x));

function assetParams(a: Asset): unknown[] {
  return [a.id, a.party ?? null, a.flag ?? null, a.class ?? null, a.name ?? null, a.mmsi ?? null, a.callsign ?? null, a.aisShipType ?? null, a.weaponRangeKm ?? null, a.weaponRangeSource ?? null, a.attributedBy ?? null];
}

function assetOf(r: unknown[]): Asset {
  const [, id, party, flag, cls, name, mmsi, callsign, shipType, range, rangeSource, by] = r;
  const a: Asset = { id: String(id) };
  if (party != null) a.party = String(party);
  if (flag != null) a.flag = String(flag);
  if (cls != null) a.class = String(cls);
  if (name != null) a.name = String(name);
  if (mmsi != null) a.mmsi = Number(mmsi);
  if (callsign != null) a.callsign = String(callsign);
  if (shipType != null) a.aisShipType = Number(shipType);
  if (range != null) a.weaponRangeKm = Number(range);
  if (rangeSource != null) a.weaponRangeSource = String(rangeSource);
  if (by != null) a.attributedBy = String(by);
  return a;
}

function sourceOf(r: Row): StoredSource {
  return {
    id: r.id as number,
    digest: r.digest as string,
    name: r.name as string,
    size: r.size as number,
    format: r.format as string,
    status: r.status as SourceStatus,
    startedAt: r.started_at as string,
    doneAt: (r.done_at as string | null) ?? null,
    positionsWritten: r.positions_written as number,
    quarantineWritten: r.quarantine_written as number,
    summary: r.summary ? (JSON.parse(r.summary as string) as ReadSummary) : null,
  };
}

export class SqliteStore implements Store {
  readonly location: string;
  private readonly db: Database.Database;
  /** Asset id → key, for the assets this process has written or read. */
  private readonly assetKeys = new Map<string, number>();
  private readonly stmt;

  constructor(path: string = DEFAULT_STORE_PATH, options: SqliteStoreOptions = {}) {
    this.location = path;
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, options.readonly ? { readonly: true, fileMustExist: true } : {});
    try {
      if (!options.readonly) this.db.pragma('journal_mode = WAL');
    } catch (e) {
      this.db.close();
      throw e;
    }
    this.db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // A 64 MB page cache keeps the time and asset indexes' hot pages in memory during a bulk ingest.
    this.db.pragma('cache_size = -65536');
    this.db.pragma('busy_timeout = 5000');
    try {
      if (!options.readonly) this.migrate();
      else if (this.version() !== SCHEMA_VERSION) throw new Error(`${path}: store schema version ${this.version()}, this Redline reads version ${SCHEMA_VERSION}`);
    } catch (e) {
      this.db.close();
      throw e;
    }
    const db = this.db;
    this.stmt = {
      sourceByDigest: db.prepare('SELECT * FROM sources WHERE digest = ?'),
      sourceById: db.prepare('SELECT * FROM sources WHERE id = ?'),
      insertSource: db.prepare(`INSERT INTO sources (digest, name, size, format, status, started_at) VALUES (?, ?, ?, ?, 'ingesting', ?)`),
      progress: db.prepare('UPDATE sources SET positions_written = max(positions_written, ?), quarantine_written = max(quarantine_written, ?) WHERE id = ?'),
      done: db.prepare(`UPDATE sources SET status = 'done', done_at = ?, read = ?, accepted = ?, quarantined = ?, positions = ?, summary = ? WHERE id = ?`),
      countPositions: db.prepare('SELECT count(*) FROM positions WHERE source = ?').pluck(),
      countQuarantine: db.prepare('SELECT count(*) FROM quarantine WHERE source = ?').pluck(),
      insertPosition: db.prepare('INSERT OR IGNORE INTO positions (source, seq, line, asset, time, lon, lat, speed, course) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertPositionBlock: db.prepare(`INSERT OR IGNORE INTO positions (source, seq, line, asset, time, lon, lat, speed, course) VALUES ${Array(POSITION_BLOCK).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`),
      insertQuarantine: db.prepare('INSERT OR IGNORE INTO quarantine (source, seq, line, code, reason, raw) VALUES (?, ?, ?, ?, ?, ?)'),
      upsertAsset: db.prepare(`
        INSERT INTO assets (id, party, flag, class, name, mmsi, callsign, ais_ship_type, weapon_range_km, weapon_range_source, attributed_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
          party = coalesce(excluded.party, party), flag = coalesce(excluded.flag, flag), class = coalesce(excluded.class, class),
          name = coalesce(excluded.name, name), mmsi = coalesce(excluded.mmsi, mmsi), callsign = coalesce(excluded.callsign, callsign),
          ais_ship_type = coalesce(excluded.ais_ship_type, ais_ship_type), weapon_range_km = coalesce(excluded.weapon_range_km, weapon_range_km),
          weapon_range_source = coalesce(excluded.weapon_range_source, weapon_range_source), attributed_by = coalesce(excluded.attributed_by, attributed_by)
        WHERE attributed_by IS NULL OR attributed_by = 'ais' OR excluded.attributed_by IS NOT 'ais'`),
      assetKey: db.prepare('SELECT key FROM assets WHERE id = ?').pluck(),
      insertRun: db.prepare(`INSERT INTO runs (command, args, started_at, status) VALUES (?, ?, ?, 'running')`),
      finishRun: db.prepare('UPDATE runs SET finished_at = ?, status = ?, counts = ? WHERE id = ?'),
      insertFinding: db.prepare('INSERT INTO findings (run, ord, id, agreement, commitment, kind, view, verdict, period_from, period_to, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    };
  }

  private version(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const from = this.version();
    if (from > SCHEMA_VERSION) throw new Error(`${this.location}: store schema version ${from} is newer than this Redline (${SCHEMA_VERSION}); upgrade Redline`);
    for (let v = from; v < SCHEMA_VERSION; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  }

  async schemaVersion(): Promise<number> {
    return this.version();
  }

  async findSource(digest: string): Promise<StoredSource | undefined> {
    const r = this.stmt.sourceByDigest.get(digest) as Row | undefined;
    return r ? sourceOf(r) : undefined;
  }

  async beginSource(info: SourceInfo): Promise<StoredSource> {
    return this.db.transaction(() => {
      const existing = this.stmt.sourceByDigest.get(info.digest) as Row | undefined;
      if (existing) return sourceOf(existing);
      const id = Number(this.stmt.insertSource.run(info.digest, info.name, info.size, info.format, new Date().toISOString()).lastInsertRowid);
      return sourceOf(this.stmt.sourceById.get(id) as Row);
    }).immediate();
  }

  async writeBatch(b: IngestBatch): Promise<void> {
    const { insertPosition, insertPositionBlock, insertQuarantine, progress, done } = this.stmt;
    this.db.transaction(() => {
      this.upsertAssets(b.assets);
      const p = b.positions;
      const keyOf: number[] = [];
      let seq = b.positionSeq;
      const key = (i: number): number => {
        const idx = p.asset[i]!;
        let k = keyOf[idx];
        if (k === undefined) keyOf[idx] = k = this.keyOf(b.registry.at(idx).id);
        return k;
      };
      // Rows go in blocks of POSITION_BLOCK per statement: binding is most of an insert's cost in
      // better-sqlite3, and one call with 9 × 64 parameters costs far less than 64 calls.
      const params: (number | null)[] = new Array(9 * POSITION_BLOCK);
      let i = b.fromRow;
      for (; i + POSITION_BLOCK <= p.length; i += POSITION_BLOCK) {
        for (let r = 0, o = 0; r < POSITION_BLOCK; r++, o += 9) {
          const j = i + r;
          params[o] = b.source;
          params[o + 1] = seq++;
          params[o + 2] = p.line[j]!;
          params[o + 3] = key(j);
          params[o + 4] = p.time[j]!;
          params[o + 5] = p.lon[j]!;
          params[o + 6] = p.lat[j]!;
          params[o + 7] = nullable(p.speed[j]!);
          params[o + 8] = nullable(p.course[j]!);
        }
        insertPositionBlock.run(params);
      }
      for (; i < p.length; i++, seq++) {
        insertPosition.run(b.source, seq, p.line[i]!, key(i), p.time[i]!, p.lon[i]!, p.lat[i]!, nullable(p.speed[i]!), nullable(p.course[i]!));
      }
      let qseq = b.quarantineSeq;
      for (let i = b.fromQuarantine; i < b.quarantine.length; i++, qseq++) {
        const q = b.quarantine[i]!;
        insertQuarantine.run(b.source, qseq, q.line, q.code, q.reason, q.raw);
      }
      progress.run(seq, qseq, b.source);
      if (b.done) {
        const s = b.done;
        const stored = this.stmt.countPositions.get(b.source) as number;
        const storedQ = this.stmt.countQuarantine.get(b.source) as number;
        // The one place counts are proven: what the reader says it produced is what the table holds.
        if (stored !== s.positions || storedQ !== s.quarantined) {
          throw new Error(`${s.source}: the store holds ${stored} positions and ${storedQ} quarantined records, the reader produced ${s.positions} and ${s.quarantined}`);
        }
        done.run(new Date().toISOString(), s.read, s.accepted, s.quarantined, s.positions, JSON.stringify(s), b.source);
      }
    }).immediate();
  }

  async sources(): Promise<StoredSource[]> {
    return (this.db.prepare('SELECT * FROM sources ORDER BY id').all() as Row[]).map(sourceOf);
  }

  private upsertAssets(assets: readonly Asset[]): void {
    for (const a of assets) {
      this.stmt.upsertAsset.run(...assetParams(a));
      if (!this.assetKeys.has(a.id)) this.assetKeys.set(a.id, this.stmt.assetKey.get(a.id) as number);
    }
  }

  private keyOf(id: string): number {
    let key = this.assetKeys.get(id);
    if (key === undefined) {
      const k = this.stmt.assetKey.get(id) as number | undefined;
      if (k === undefined) throw new Error(`asset ${id} is referred to by a position but was never stored`);
      this.assetKeys.set(id, (key = k));
    }
    return key;
  }

  async putAssets(assets: readonly Asset[]): Promise<void> {
    this.db.transaction(() => this.upsertAssets(assets)).immediate();
  }

  async assets(): Promise<Asset[]> {
    return (this.db.prepare('SELECT * FROM assets ORDER BY key').raw().all() as unknown[][]).map(assetOf);
  }

  async readObservations(q: ObservationQuery = {}): Promise<ObservationSet> {
    const set = emptyObservationSet();
    const keyToIdx = new Map<number, number>();
    for (const r of this.db.prepare('SELECT * FROM assets ORDER BY key').raw().iterate() as IterableIterator<unknown[]>) {
      const a = assetOf(r);
      keyToIdx.set(r[0] as number, set.assets.intern(a.id));
      set.assets.update(a.id, a);
    }
    const done = (this.db.prepare(`SELECT * FROM sources WHERE status = 'done' ORDER BY id`).all() as Row[]).map(sourceOf);
    const srcIdx = new Map<number, number>();
    for (const s of done) {
      srcIdx.set(s.id, set.positions.sourceId(s.name));
      if (s.summary) set.summaries.push(s.summary);
    }
    const where = [`p.source IN (SELECT id FROM sources WHERE status = 'done')`];
    const params: unknown[] = [];
    if (q.from !== undefined) {
      where.push('p.time >= ?');
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('p.time <= ?');
      params.push(q.to);
    }
    if (q.assets) {
      where.push('p.asset IN (SELECT a.key FROM assets a JOIN json_each(?) j ON a.id = j.value)');
      params.push(JSON.stringify(q.assets));
    }
    const sql = `SELECT p.asset, p.time, p.lon, p.lat, p.speed, p.course, p.source, p.line FROM positions p WHERE ${where.join(' AND ')} ORDER BY p.source, p.seq`;
    const pos = set.positions;
    for (const r of this.db.prepare(sql).raw().iterate(...params) as IterableIterator<unknown[]>) {
      pos.push(keyToIdx.get(r[0] as number)!, r[1] as number, r[2] as number, r[3] as number, num(r[4]), num(r[5]), srcIdx.get(r[6] as number)!, r[7] as number);
    }
    if (q.quarantine) set.quarantine.push(...(await this.quarantine()));
    return set;
  }

  async quarantine(source?: string): Promise<QuarantinedRecord[]> {
    const sql = `SELECT s.name, q.line, q.code, q.reason, q.raw FROM quarantine q JOIN sources s ON s.id = q.source
      WHERE s.status = 'done' ${source !== undefined ? 'AND s.name = ?' : ''} ORDER BY q.source, q.seq`;
    const rows = this.db.prepare(sql).raw().all(...(source !== undefined ? [source] : [])) as unknown[][];
    return rows.map(([s, line, code, reason, raw]) => ({ source: String(s), line: line as number, code: String(code), reason: String(reason), raw: String(raw) }));
  }

  async beginRun(command: string, args: readonly string[], startedAt?: string): Promise<number> {
    return Number(this.stmt.insertRun.run(command, JSON.stringify(args), startedAt ?? new Date().toISOString()).lastInsertRowid);
  }

  async finishRun(id: number, status: RunRecord['status'], counts: Record<string, number>): Promise<void> {
    this.stmt.finishRun.run(new Date().toISOString(), status, JSON.stringify(counts), id);
  }

  async runs(): Promise<RunRecord[]> {
    return (this.db.prepare('SELECT * FROM runs ORDER BY id').all() as Row[]).map((r) => ({
      id: r.id as number,
      command: r.command as string,
      args: JSON.parse(r.args as string) as string[],
      startedAt: r.started_at as string,
      finishedAt: str(r.finished_at) ?? null,
      status: r.status as RunRecord['status'],
      counts: JSON.parse(r.counts as string) as Record<string, number>,
    }));
  }

  async putFindings(run: number, findings: readonly Finding[]): Promise<void> {
    this.db.transaction(() => {
      let ord = (this.db.prepare('SELECT coalesce(max(ord) + 1, 0) FROM findings WHERE run = ?').pluck().get(run) as number);
      for (const f of findings) this.stmt.insertFinding.run(run, ord++, f.id, f.agreement, f.commitment, f.kind, f.view, f.verdict, f.period.from, f.period.to, JSON.stringify(f));
    }).immediate();
  }

  async findings(q: FindingQuery = {}): Promise<StoredFinding[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const eq = (col: string, v: unknown) => {
      if (v === undefined) return;
      where.push(`${col} = ?`);
      params.push(v);
    };
    eq('run', q.run);
    eq('agreement', q.agreement);
    eq('commitment', q.commitment);
    eq('view', q.view);
    eq('verdict', q.verdict);
    // Periods are ISO 8601 UTC strings of one width, so they compare as text; a null end is open.
    if (q.to !== undefined) {
      where.push('(period_from IS NULL OR period_from <= ?)');
      params.push(q.to);
    }
    if (q.from !== undefined) {
      where.push('(period_to IS NULL OR period_to >= ?)');
      params.push(q.from);
    }
    // `ord` keeps the order the findings were given in: the engine's one order (compareFindings).
    const sql = `SELECT run, json FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY run, ord`;
    const rows = this.db.prepare(sql).raw().all(...params) as [number, string][];
    return rows.map(([run, json]) => ({ run, finding: JSON.parse(json) as Finding }));
  }

  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of STORE_TABLES) out[t] = this.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    return out;
  }

  async contentDigest(exclude: readonly string[] = [], options: { withoutTimes?: boolean } = {}): Promise<string> {
    const h = createHash('sha256');
    for (const t of STORE_TABLES) {
      if (exclude.includes(t)) continue;
      const stmt = this.db.prepare(`SELECT * FROM ${t} ORDER BY ${TABLE_ORDER[t]}`);
      const cols = stmt.columns().map((c) => c.name);
      const keep = cols.map((c) => !(options.withoutTimes && TIME_COLUMNS.has(c)));
      h.update(`${t}(${cols.filter((_, i) => keep[i]).join(',')})\n`);
      for (const r of stmt.raw().iterate() as IterableIterator<unknown[]>) h.update(`${JSON.stringify(r.filter((_, i) => keep[i]))}\n`);
    }
    return h.digest('hex');
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating if need be) a store; a file that is not one is an InputError naming it. */
export function openSqliteStore(path: string = DEFAULT_STORE_PATH, options?: SqliteStoreOptions): SqliteStore {
  try {
    return new SqliteStore(path, options);
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new InputError(`${path}: not a Redline store (not an SQLite database)`);
    throw e;
  }
}

/** A store that must already exist (for reading commands): a mistyped path is an error, not a new empty store. */
export function openExistingStore(path: string, options?: SqliteStoreOptions): SqliteStore {
  if (path !== ':memory:' && !existsSync(path)) throw new InputError(`${path}: no such store (create one with \`redline ingest FILE --store ${path}\`)`);
  return openSqliteStore(path, options);
}
