/**
 * The PostGIS baseline: the tasks of spec.ts written the way a careful analyst writes them in SQL
 * on PostgreSQL 15 with PostGIS 3 (Debian's postgresql-15-postgis-3). Positions are loaded by COPY
 * into a schema of the run's own (dropped at the end), the places as subdivided polygons, both with
 * GiST indexes; each task is then one query (separation: a segment table, its index, one query).
 *
 * Earth models: containment is ST_Intersects on geometry (straight edges in lon/lat, as the spec
 * says); distances are geography on the WGS84 spheroid. Decisions within `tolerance` of a limit are
 * listed as ambiguous (standoff fixes, separation contacts).
 *
 * Where the server cannot be reached or PostGIS is not installed the leg answers `{ skipped }` with
 * what to do; a query that fails on a working server is a bug of the leg and throws.
 */
import pg from 'pg';
import { loadPlaces, loadPositions, placesOf } from './postgis-load.js';
import { CONTACTS, KEEP_OUT, SEGMENT_INDEX, SEGMENT_TABLE, SEGMENTS, STANDOFF, type TaskRow } from './postgis-sql.js';
import { tolerance, type Ambiguous, type BenchAssets, type BenchPositions, type BenchTask, type FindingKey, type LegResult, type Polygons } from './spec.js';

/** Trust authentication on the local server, database `test` (the Debian package's defaults plus `createdb test`). */
export const DEFAULT_CONNECTION = 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgisOptions {
  connection?: string;
  onProgress?: (msg: string) => void;
}

/** loadMs: COPY, places, indexes, ANALYZE (placesMs of it for the places); evalMs: all task queries. */
export type PostgisResult = (LegResult & { loadMs: number; placesMs: number; evalMs: number; perTaskMs: number[] }) | { skipped: string };

const INSTALL_HINT =
  'install and start it with `apt-get install postgresql-15 postgresql-15-postgis-3 && pg_ctlcluster 15 main start`, create the database (`createdb -U postgres test`), or pass another connection (REDLINE_BENCH_PG)';

async function connect(connection: string): Promise<pg.Client | { skipped: string }> {
  const client = new pg.Client({ connectionString: connection, connectionTimeoutMillis: 5000 });
  // A server that goes away mid-run must fail the query, not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    return { skipped: `cannot connect to PostgreSQL at ${connection} (${(e as Error).message}); ${INSTALL_HINT}` };
  }
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await client.query('SELECT postgis_full_version()');
  } catch (e) {
    await client.end().catch(() => undefined);
    return { skipped: `PostGIS is not available in ${connection} (${(e as Error).message}); install it with \`apt-get install postgresql-15-postgis-3\` (CREATE EXTENSION needs a superuser)` };
  }
  return client;
}

function keyOfRow(task: BenchTask, r: TaskRow): FindingKey {
  // The engine's periods are ISO strings (whole milliseconds, cut towards zero): CPA instants are fractional.
  return { commitment: task.commitment, view: task.view, verdict: 'breach', assets: r.b === null ? [r.a] : [r.a, r.b], from: Math.floor(r.t_from), to: Math.floor(r.t_to) };
}

async function runTask(client: pg.Client, task: BenchTask, placeKey: (p: Polygons) => string): Promise<TaskRow[]> {
  if (task.kind === 'keep-out') return (await client.query<TaskRow>(KEEP_OUT, [task.side, task.places.map((p) => placeKey(p.polygons)), task.maxGapMs])).rows;
  if (task.kind === 'standoff')
    return (await client.query<TaskRow>(STANDOFF, [task.side, task.exempt.map((p) => placeKey(p.polygons)), placeKey(task.target.polygons), task.rangeM, tolerance(task.rangeM), task.maxGapMs])).rows;
  await client.query('DROP TABLE IF EXISTS seg');
  await client.query(SEGMENT_TABLE);
  await client.query(SEGMENTS, [placeKey(task.region.polygons), task.maxGapMs]);
  for (const q of SEGMENT_INDEX) await client.query(q);
  const rows = (await client.query<TaskRow>(CONTACTS, [task.searchM, task.minM, tolerance(task.minM), task.maxGapMs])).rows;
  await client.query('DROP TABLE seg');
  return rows;
}

export async function runPostgis(p: BenchPositions, assets: BenchAssets, tasks: BenchTask[], opts: PostgisOptions = {}): Promise<PostgisResult> {
  const connection = opts.connection ?? process.env.REDLINE_BENCH_PG ?? DEFAULT_CONNECTION;
  const say = opts.onProgress ?? (() => undefined);
  const client = await connect(connection);
  if ('skipped' in client) return client;
  const schema = `redline_bench_${process.pid}`;
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`CREATE SCHEMA ${schema}`);
    // PostGIS's own schema stays on the path (public, unless the database installed it elsewhere).
    const ext = await client.query<{ schema: string }>(`SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'postgis'`);
    await client.query(`SET search_path TO ${schema}, ${ext.rows[0]?.schema ?? 'public'}`);
    // JIT compiling these plans costs seconds per query (most of a task's time at 40k positions) and
    // buys nothing on index probes: the analyst's first tuning step.
    await client.query('SET jit = off');
    // One backend, no parallel workers: the leg's time is then one core's time, as the bench
    // reports throughput per core for every leg.
    await client.query('SET max_parallel_workers_per_gather = 0');

    const { keyOf, places } = placesOf(tasks);
    const l0 = performance.now();
    say(`postgis: COPY ${p.n} positions`);
    await loadPositions(client, p, assets);
    say(`postgis: ${places.length} places`);
    const p0 = performance.now();
    const { parts, repaired } = await loadPlaces(client, places);
    const placesMs = performance.now() - p0;
    // Only this run's tables: a bare ANALYZE would walk every table of the database.
    await client.query('ANALYZE asset, pos, place_part');
    const loadMs = performance.now() - l0;
    say(`postgis: loaded in ${(loadMs / 1000).toFixed(1)} s (${parts} polygon parts${repaired ? `, ${repaired} polygon(s) made valid` : ''})`);

    const findings: FindingKey[] = [];
    const ambiguous: Ambiguous[] = [];
    const perTaskMs: number[] = [];
    const e0 = performance.now();
    for (const task of tasks) {
      const t0 = performance.now();
      const rows = await runTask(client, task, keyOf).catch((e: Error) => {
        throw new Error(`PostGIS leg: ${task.kind} task ${task.commitment}@${task.view} failed: ${e.message}`);
      });
      perTaskMs.push(performance.now() - t0);
      for (const r of rows) {
        if (r.kind === 'finding') findings.push(keyOfRow(task, r));
        else ambiguous.push({ commitment: task.commitment, view: task.view, assets: r.b === null ? [r.a] : [r.a, r.b], time: r.t_from });
      }
      say(`postgis: ${task.commitment}@${task.view} ${rows.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const evalMs = performance.now() - e0;
    return { findings, ambiguous, loadMs, placesMs, evalMs, perTaskMs };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
