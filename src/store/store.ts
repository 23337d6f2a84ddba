/**
 * The one Store interface: what was ingested (sources), the assets, the positions in columns, the
 * quarantine, the findings and the runs. SQLite (`sqlite.ts`) is the first implementation;
 * PostgreSQL (server mode) will be the second, and both run the suite in `store.contract.ts`.
 *
 * Every method is async although better-sqlite3 is synchronous: a PostgreSQL client is not, and the
 * callers (ingest, check, the server) should not care which one they hold. The hot path costs one
 * await per batch of tens of thousands of rows, not one per row.
 */
import type { Asset, AssetRegistry, ObservationSet, PositionColumns, QuarantinedRecord, ReadSummary } from '../observations/model.js';
import type { Finding, Verdict } from '../verify/finding.js';

/** What identifies one ingested input (a file, one entry of a zip, stdin). */
export interface SourceInfo {
  /** SHA-256 (hex) of the decompressed bytes: the same content under another name is the same source. */
  digest: string;
  /** The name observation ids use (`<name>:<line>`): the file's base name or the zip entry's name. */
  name: string;
  /** Decompressed size in bytes. */
  size: number;
  format: string;
}

export type SourceStatus = 'ingesting' | 'done';

export interface StoredSource extends SourceInfo {
  id: number;
  /** `ingesting` until the transaction that writes its last batch marks it `done`. */
  status: SourceStatus;
  startedAt: string;
  doneAt: string | null;
  /** Rows written so far: where an interrupted ingest resumes. */
  positionsWritten: number;
  quarantineWritten: number;
  /** The reader's summary; set when done. Its counts reconcile with the rows stored. */
  summary: ReadSummary | null;
}

/**
 * One batch of an ingest: position rows `[fromRow, positions.length)` and quarantine records
 * `[fromQuarantine, quarantine.length)`, numbered within their source from `positionSeq` and
 * `quarantineSeq` on. The numbers make rows unique on (source, seq), so a batch written twice (an
 * ingest redone after a crash) adds nothing.
 */
export interface IngestBatch {
  source: number;
  /** Resolves the rows' asset indices. */
  registry: AssetRegistry;
  /** Assets new or changed since the last batch; every asset a row refers to must be here or stored. */
  assets: readonly Asset[];
  positions: PositionColumns;
  fromRow: number;
  positionSeq: number;
  quarantine: readonly QuarantinedRecord[];
  fromQuarantine: number;
  quarantineSeq: number;
  /** Given on the last batch: the source is marked done, with this summary, in the same transaction. */
  done?: ReadSummary;
}

export interface ObservationQuery {
  /** Inclusive bounds on position time, ms since the epoch. */
  from?: number;
  to?: number;
  /** Only these asset ids' positions (all assets are still returned, for attribution). */
  assets?: readonly string[];
  /** Also load the quarantined records of the sources read (off by default: it can be large). */
  quarantine?: boolean;
}

export interface RunRecord {
  id: number;
  command: string;
  args: string[];
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  counts: Record<string, number>;
}

export interface FindingQuery {
  run?: number;
  agreement?: string;
  commitment?: string;
  view?: string;
  verdict?: Verdict;
  /** Findings whose period overlaps [from, to] (ISO 8601 strings compare as times). */
  from?: string;
  to?: string;
}

export interface StoredFinding {
  run: number;
  finding: Finding;
}

export interface Store {
  /** Where it lives, for messages. */
  readonly location: string;
  schemaVersion(): Promise<number>;

  findSource(digest: string): Promise<StoredSource | undefined>;
  /** Starts (or, for a source left `ingesting` by an interrupted run, returns) the source's row. */
  beginSource(info: SourceInfo): Promise<StoredSource>;
  /** Writes one batch in one transaction (and marks the source done when `done` is given). */
  writeBatch(batch: IngestBatch): Promise<void>;
  sources(): Promise<StoredSource[]>;

  /** Adds or updates assets. Attributes given win over stored ones, except that a registry's are never overwritten by AIS's. */
  putAssets(assets: readonly Asset[]): Promise<void>;
  assets(): Promise<Asset[]>;

  /**
   * Positions of done sources (optionally in a time window, of some assets) as one observation set:
   * every stored asset in the order first stored, sources in the order ingested, summaries of the
   * sources read. Sources still `ingesting` are never read.
   */
  readObservations(query?: ObservationQuery): Promise<ObservationSet>;
  quarantine(source?: string): Promise<QuarantinedRecord[]>;

  /** Starts a run row (`startedAt` defaults to now: an ingest that stored nothing writes its run, if at all, at the end). */
  beginRun(command: string, args: readonly string[], startedAt?: string): Promise<number>;
  finishRun(id: number, status: RunRecord['status'], counts: Record<string, number>): Promise<void>;
  runs(): Promise<RunRecord[]>;

  putFindings(run: number, findings: readonly Finding[]): Promise<void>;
  findings(query?: FindingQuery): Promise<StoredFinding[]>;

  /** Rows per table. */
  counts(): Promise<Record<string, number>>;
  /**
   * SHA-256 over every row of every table (except `exclude`), in key order: two stores with the same
   * content have the same digest whatever the file layout. How tests show an ingest changed nothing.
   * `withoutTimes` leaves out the columns that say when something happened (started, done, finished).
   */
  contentDigest(exclude?: readonly string[], options?: { withoutTimes?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export const STORE_TABLES = ['sources', 'assets', 'positions', 'quarantine', 'findings', 'runs'] as const;
