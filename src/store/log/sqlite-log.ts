/**
 * The record's durable log on SQLite: entries, every perfect-subtree hash, and the checkpoints the
 * log has signed, in the embedded store's database file (tables `log_*`, beside the store's own).
 *
 * Durability order, which is the point of this file:
 *   1. an append (or a batch of them) is one transaction with `synchronous=FULL`: the entry, its
 *      leaf hash and every node hash it completes are on disk, or none of it is;
 *   2. only after COMMIT returns does the caller get the entry's index, and does the in-memory
 *      state (frontier of the tree, keyring) move on;
 *   3. a checkpoint is signed only for a size that is committed, stored in its own FULL transaction,
 *      and only then handed out for publishing.
 * So a SIGKILL at any moment leaves a log whose every acknowledged entry is there, whose every
 * published checkpoint is a prefix of it, and which reopens to exactly the committed state.
 *
 * Appends cost O(log n) hashes and rows (the carry of a binary counter, as in `MemoryTree`); proofs
 * cost O(log n) node lookups. Memory is O(log n): the frontier, not the tree.
 */
import Database from 'better-sqlite3';
import { parseCheckpoint, signCheckpoint } from '../../record/checkpoint.js';
import { parseNote } from '../../record/note.js';
import { checkEntry, createEntry, decodeEntry, Keyring, type Entry, type EntryKind } from '../../record/entry.js';
import { planFindings, type RecordableFinding } from '../../record/findings.js';
import { formatLogFile } from '../../record/logfile.js';
import { consistencyProof, EMPTY_ROOT, hashChildren, hashLeaf, inclusionProof, treeRoot, type TreeHashes } from '../../record/merkle.js';
import { formatVerifierKey, noteSigner, noteVerifier, parseVerifierKey, type KeyPair, type VerifierKey } from '../../record/keys.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_entries (
  idx INTEGER PRIMARY KEY,
  bytes BLOB NOT NULL,
  kind TEXT NOT NULL,
  signer TEXT NOT NULL,
  time TEXT NOT NULL,
  supersedes INTEGER,
  attests INTEGER
);
CREATE INDEX IF NOT EXISTS log_entries_supersedes ON log_entries (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX IF NOT EXISTS log_entries_attests ON log_entries (attests) WHERE attests IS NOT NULL;
CREATE INDEX IF NOT EXISTS log_entries_keys ON log_entries (idx) WHERE kind = 'key';
CREATE TABLE IF NOT EXISTS log_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_finding_subjects (subject TEXT PRIMARY KEY, idx INTEGER NOT NULL, digest TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL, signed_at TEXT NOT NULL);
`;

export class LogStateError extends Error {
  override name = 'LogStateError';
}

export interface SqliteLogOptions {
  /**
   * The log's verifier key, which anchors the keyring. Required when the log is created; later it
   * is read from the database (and, when given, must match).
   */
  logKey?: VerifierKey | string;
  /** The origin line of checkpoints; defaults to the log key's name. */
  origin?: string;
}

export class SqliteLog implements TreeHashes {
  private readonly db: Database.Database;
  readonly keyring: Keyring;
  readonly origin: string;
  private count = 0;
  /** Roots of the perfect subtrees of the current tree, largest first, with their levels. */
  private frontier: { level: number; hash: Uint8Array }[] = [];
  private readonly stmts;

  constructor(path: string, options: SqliteLogOptions = {}) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: WAL commits are fsynced before COMMIT returns, so an acknowledged index survives a power cut.
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    const meta = this.db.prepare<[string], { value: string }>('SELECT value FROM log_meta WHERE key = ?');
    const storedKey = meta.get('log-key')?.value;
    const given = options.logKey === undefined ? undefined : typeof options.logKey === 'string' ? options.logKey : formatVerifierKey(options.logKey);
    const vkey = given ?? storedKey;
    if (vkey === undefined) {
      this.db.close();
      throw new LogStateError(`${path} holds no record log yet: create it with "redline log init --log-key FILE"`);
    }
    this.keyring = new Keyring(noteVerifier(vkey));
    this.origin = options.origin ?? meta.get('origin')?.value ?? this.keyring.log.name;
    this.stmts = {
      insertEntry: this.db.prepare('INSERT INTO log_entries (idx, bytes, kind, signer, time, supersedes, attests) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertNode: this.db.prepare('INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)'),
      node: this.db.prepare<[number, number], { hash: Buffer }>('SELECT hash FROM log_nodes WHERE level = ? AND idx = ?'),
      entry: this.db.prepare<[number], { bytes: Buffer }>('SELECT bytes FROM log_entries WHERE idx = ?'),
      kind: this.db.prepare<[number], { kind: EntryKind }>('SELECT kind FROM log_entries WHERE idx = ?'),
      insertCheckpoint: this.db.prepare('INSERT OR REPLACE INTO log_checkpoints (size, note, signed_at) VALUES (?, ?, ?)'),
      latestCheckpoint: this.db.prepare<[], { size: number; note: string }>('SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1'),
    };
    this.bindOrigin(formatVerifierKey(parseVerifierKey(vkey)));
    this.load();
  }

  /** One database holds one log: its key and origin are written on first use and checked after. */
  private bindOrigin(vkey: string): void {
    const get = this.db.prepare<[string], { value: string }>('SELECT value FROM log_meta WHERE key = ?');
    const stored = get.get('log-key')?.value;
    if (stored === undefined) {
      this.db.prepare('INSERT INTO log_meta (key, value) VALUES (?, ?), (?, ?)').run('log-key', vkey, 'origin', this.origin);
    } else if (stored !== vkey || get.get('origin')?.value !== this.origin) {
      const message = `this store's log belongs to key ${stored} (origin ${get.get('origin')?.value}), not ${vkey} (origin ${this.origin})`;
      this.db.close();
      throw new LogStateError(message);
    }
  }

  /** Rebuilds the in-memory state from what is committed: size, frontier, keyring, kinds. */
  private load(): void {
    const size = (this.db.prepare('SELECT COUNT(*) AS n, MAX(idx) AS m FROM log_entries').get() as { n: number; m: number | null });
    if (size.n > 0 && size.m !== size.n - 1) throw new LogStateError(`the log's entries are not numbered 0..${size.n - 1} (max ${size.m})`);
    this.count = size.n;
    this.frontier = [];
    let start = 0;
    for (let rest = this.count; rest > 0; ) {
      let level = 0;
      while (2 ** (level + 1) <= rest) level++;
      const block = 2 ** level;
      const hash = this.nodeHash(level, start / block);
      if (!hash) throw new LogStateError(`node (${level}, ${start / block}) is missing: the log tables are damaged`);
      this.frontier.push({ level, hash });
      start += block;
      rest -= block;
    }
    // Re-check every key entry (only those: opening stays cheap at any size) so the keyring is what
    // a verifier would build.
    const keys = this.db.prepare<[], { idx: number; bytes: Buffer }>("SELECT idx, bytes FROM log_entries WHERE kind = 'key' ORDER BY idx").iterate();
    for (const r of keys) checkEntry(r.bytes, { index: r.idx, keyring: this.keyring, earlier: (k) => this.earlier(k) });
  }

  /**
   * Kind and leaf hash of an entry, for the references a new entry makes (superseded or attested
   * findings). Read from the tables: inside an append's transaction they include its earlier entries.
   */
  private earlier(index: number): { kind: EntryKind; leafHash: string } | undefined {
    const kind = this.stmts.kind.get(index)?.kind;
    const leaf = kind === undefined ? undefined : this.nodeHash(0, index);
    return kind === undefined || !leaf ? undefined : { kind, leafHash: Buffer.from(leaf).toString('hex') };
  }

  get size(): number {
    return this.count;
  }

  /** The log's verifier key, as stored. */
  verifierKey(): string {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM log_meta WHERE key = ?').get('log-key')!.value;
  }

  leafHash(index: number): Uint8Array {
    const h = this.nodeHash(0, index);
    if (!h) throw new RangeError(`no leaf ${index} in a log of ${this.count}`);
    return h;
  }

  nodeHash(level: number, index: number): Uint8Array | undefined {
    const row = this.stmts.node.get(level, index);
    return row ? new Uint8Array(row.hash) : undefined;
  }

  root(size: number = this.count): Uint8Array {
    if (size === this.count) {
      if (this.frontier.length === 0) return EMPTY_ROOT.slice();
      let r = this.frontier[this.frontier.length - 1]!.hash;
      for (let i = this.frontier.length - 2; i >= 0; i--) r = hashChildren(this.frontier[i]!.hash, r);
      return r;
    }
    return treeRoot(this, size);
  }

  inclusionProof(index: number, size: number = this.count): Uint8Array[] {
    return inclusionProof(this, index, size);
  }

  consistencyProof(size1: number, size2: number = this.count): Uint8Array[] {
    return consistencyProof(this, size1, size2);
  }

  entry(index: number): Entry {
    return decodeEntry(this.entryBytes(index));
  }

  entryBytes(index: number): Uint8Array {
    const row = this.stmts.entry.get(index);
    if (!row) throw new RangeError(`no entry ${index} in a log of ${this.count}`);
    return new Uint8Array(row.bytes);
  }

  kindOf(index: number): EntryKind | undefined {
    return this.stmts.kind.get(index)?.kind;
  }

  /** Appends one entry; resolves to its index once it is durable. */
  append(bytes: Uint8Array): number {
    return this.appendMany([bytes])[0]!;
  }

  /**
   * Appends entries in one transaction (group commit): all of them or none. Each is checked as the
   * offline verifier will check it; the first refusal aborts the batch with its error.
   */
  appendMany(batch: readonly Uint8Array[], alsoInTransaction?: (indices: number[]) => void): number[] {
    // Work on copies of the state; adopt them only after COMMIT.
    let count = this.count;
    const frontier = this.frontier.slice();
    const keysBefore = this.keyring.bindings().length;
    const earlier = (k: number) => this.earlier(k);
    const indices: number[] = [];
    const run = this.db.transaction(() => {
      for (const bytes of batch) {
        const index = count;
        const entry = checkEntry(bytes, { index, keyring: this.keyring, earlier });
        const h = entry.header;
        this.stmts.insertEntry.run(index, bytes, h.kind, h.signer, h.time, h.supersedes ?? null, h.attests?.index ?? null);
        const leaf = hashLeaf(bytes);
        this.stmts.insertNode.run(0, index, leaf);
        let node = { level: 0, hash: leaf };
        let i = index;
        while (i % 2 === 1) {
          const left = frontier.pop()!;
          node = { level: node.level + 1, hash: hashChildren(left.hash, node.hash) };
          i = (i - 1) / 2;
          this.stmts.insertNode.run(node.level, i, node.hash);
        }
        frontier.push(node);
        indices.push(index);
        count++;
      }
      alsoInTransaction?.(indices);
    });
    try {
      run.immediate();
    } catch (e) {
      // A key registered by a refused batch must not stay in the keyring.
      this.keyring.truncate(keysBefore);
      throw e;
    }
    this.count = count;
    this.frontier = frontier;
    return indices;
  }

  /**
   * Signs a checkpoint of the committed size and stores it (FULL) before returning it: the caller
   * publishes what this returns, never a size that is not on disk.
   */
  checkpoint(logKey: KeyPair, now: Date = new Date()): string {
    if (logKey.name !== this.keyring.log.name || logKey.keyId !== this.keyring.log.keyId) throw new LogStateError(`key ${logKey.name} is not this log's key`);
    const note = signCheckpoint({ origin: this.origin, size: this.count, rootHash: this.root() }, [noteSigner(logKey)]);
    this.stmts.insertCheckpoint.run(this.count, note, now.toISOString());
    return note;
  }

  /**
   * Appends a run's findings as entries signed by the log (the engine's voice), in one transaction:
   * new subjects as new entries, changed ones naming the entry they supersede, unchanged ones not
   * at all (see src/record/findings.ts).
   */
  appendFindings(findings: readonly RecordableFinding[], logKey: KeyPair, now: Date = new Date()): { appended: number[]; superseded: number; unchanged: number } {
    const latest = this.db.prepare<[string], { idx: number; digest: string }>('SELECT idx, digest FROM log_finding_subjects WHERE subject = ?');
    const plan = planFindings(findings, (subject) => {
      const r = latest.get(subject);
      return r ? { index: r.idx, digest: r.digest } : undefined;
    });
    const signer = noteSigner(logKey);
    const entries = plan.append.map((p) =>
      createEntry({ kind: 'finding', contentType: 'application/json', payload: JSON.stringify(p.finding), time: now, ...(p.supersedes !== undefined ? { supersedes: p.supersedes } : {}) }, signer).bytes,
    );
    const upsert = this.db.prepare('INSERT INTO log_finding_subjects (subject, idx, digest) VALUES (?, ?, ?) ON CONFLICT(subject) DO UPDATE SET idx = excluded.idx, digest = excluded.digest');
    const appended = this.appendMany(entries, (indices) => plan.append.forEach((p, k) => upsert.run(p.subject, indices[k], p.digest)));
    return { appended, superseded: plan.append.filter((p) => p.supersedes !== undefined).length, unchanged: plan.unchanged };
  }

  /** The latest checkpoint the log signed, if any. */
  latestCheckpoint(): { size: number; note: string } | undefined {
    return this.stmts.latestCheckpoint.get();
  }

  /** Replaces the stored latest checkpoint's note (a witness's cosignature added). */
  saveCosigned(size: number, note: string): void {
    this.stmts.insertCheckpoint.run(size, note, new Date().toISOString());
  }

  /** Finding entries from the first version to `index`, following `supersedes` back. */
  findingHistory(index: number): number[] {
    const chain: number[] = [];
    for (let i: number | undefined = index; i !== undefined; i = this.entry(i).header.supersedes) {
      if (this.kindOf(i) !== 'finding') throw new RangeError(`entry ${i} is not a finding`);
      chain.unshift(i);
    }
    const later = this.db.prepare<[number], { idx: number }>('SELECT idx FROM log_entries WHERE supersedes = ?');
    for (let last = chain[chain.length - 1]!; ; ) {
      const next = later.get(last);
      if (!next) break;
      chain.push(next.idx);
      last = next.idx;
    }
    return chain;
  }

  /** Attestations of a finding entry. */
  attestationsOf(index: number): number[] {
    return this.db.prepare<[number], { idx: number }>('SELECT idx FROM log_entries WHERE attests = ? ORDER BY idx').all(index).map((r) => r.idx);
  }

  /** The exported log file with the latest stored checkpoint (signing one if none is stored). */
  export(checkpoint?: string): Uint8Array {
    const cp = checkpoint ?? this.latestCheckpoint()?.note;
    if (cp === undefined) throw new LogStateError('the log has no checkpoint yet: sign one first (redline log checkpoint)');
    const size = Number(parseCheckpoint(parseNote(cp).text).size);
    const entries: Uint8Array[] = [];
    for (let i = 0; i < size; i++) entries.push(this.entryBytes(i));
    return formatLogFile({ origin: this.origin, entries, checkpoint: cp });
  }

  close(): void {
    this.db.close();
  }
}
