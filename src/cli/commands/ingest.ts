/**
 * `redline ingest FILE... [--store PATH] [--registry FILE]... [--quiet]`: inputs into the embedded
 * store, idempotently (the same bytes twice store nothing new; an interrupted ingest resumes).
 */
import { basename } from 'node:path';
import { loadCatalogue } from '../../observations/registry/catalogue.js';
import { ingestInputs, type EntryOutcome, type IngestProgress, type IngestResult } from '../../store/ingest.js';
import { DEFAULT_STORE_PATH, openSqliteStore, type SqliteStore } from '../../store/sqlite.js';
import { parse, spreadLists, UsageError } from '../args.js';
import { bundled } from '../paths.js';
import { startProgress } from '../progress.js';

const options = {
  store: { type: 'string', default: DEFAULT_STORE_PATH },
  registry: { type: 'string', multiple: true },
  catalogue: { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const;

export const ingestHelp =
  'ingest FILE... [--store PATH] [--registry FILE]... [--quiet]\n' +
  '        store observations (NMEA AIS, DMA CSV, OpenSky JSON, GeoJSON; plain, .gz or .zip; - for stdin)\n' +
  '        in the embedded store (default redline.db);\n' +
  '        the same bytes twice store nothing new, an interrupted ingest resumes';

/** One bar per input and phase (hashing, then storing), hidden while a line about an entry is printed. */
function startInputProgress(quiet: boolean) {
  let bar: ReturnType<typeof startProgress> | undefined;
  let key = '';
  return {
    update(p: IngestProgress) {
      if (quiet) return;
      const k = `${p.phase} ${p.spec}`;
      if (!bar || k !== key) {
        bar?.stop();
        key = k;
        bar = startProgress({ label: `${p.phase === 'digest' ? 'hashing' : 'ingesting'} ${p.spec === '-' ? 'stdin' : basename(p.spec)}`, total: p.totalBytes, unit: p.phase === 'digest' ? 'bytes' : 'rows stored', quiet });
      }
      bar.update(p.bytesRead, p.phase === 'digest' ? p.bytesRead : p.records);
    },
    pause() {
      bar?.stop();
      bar = undefined;
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

export function describeEntry(e: EntryOutcome): string {
  if (e.status === 'skipped') return `skip ${e.name}: already ingested (sha256 ${e.digest.slice(0, 12)}…, ${e.source.doneAt ?? 'earlier'})`;
  if (e.status === 'interrupted') return `stop ${e.name}: interrupted after ${e.source.positionsWritten} positions and ${e.source.quarantineWritten} quarantined records; run the same ingest again to resume`;
  const s = e.summary!;
  const reasons = Object.entries(s.byReason).map(([k, v]) => `${k} ${v}`).join(', ');
  return `read ${s.source}: ${s.read} = accepted ${s.accepted} + quarantined ${s.quarantined}${reasons ? ` (${reasons})` : ''}; ${s.positions} positions${e.status === 'resumed' ? ' (resumed an interrupted ingest)' : ''}`;
}

/** Runs an ingest into an open store with messages and a progress bar; shared with `fetch`. */
export async function runIngest(store: SqliteStore, specs: string[], o: { registry?: string[]; catalogue?: string; entries?: (name: string) => boolean; quiet?: boolean; command: string; args: string[] }): Promise<IngestResult> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const startedAt = new Date().toISOString();
  const bar = startInputProgress(o.quiet === true);
  try {
    const result = await ingestInputs(store, specs, {
      ...(o.registry ? { registry: o.registry } : {}),
      ...(o.entries ? { entries: o.entries } : {}),
      catalogue: loadCatalogue(o.catalogue ?? bundled('data', 'assets', 'catalogue.yaml')),
      signal: controller.signal,
      onProgress: (p: IngestProgress) => bar.update(p),
      onEntry: (e) => {
        bar.pause();
        if (!o.quiet || e.status === 'interrupted') console.error(describeEntry(e));
      },
    });
    bar.stop();
    // A run that stored nothing leaves no trace: ingesting the same files again leaves the store unchanged.
    if (result.entries.some((e) => e.status !== 'skipped')) {
      const counts = { inputs: result.entries.length, ingested: 0, resumed: 0, skipped: 0, interrupted: 0, read: 0, accepted: 0, quarantined: 0, positions: 0 };
      for (const e of result.entries) {
        counts[e.status]++;
        counts.read += e.summary?.read ?? 0;
        counts.accepted += e.summary?.accepted ?? 0;
        counts.quarantined += e.summary?.quarantined ?? 0;
        counts.positions += e.summary?.positions ?? 0;
      }
      const run = await store.beginRun(o.command, o.args, startedAt);
      await store.finishRun(run, result.interrupted ? 'interrupted' : 'done', counts);
    }
    return result;
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
  }
}

export async function ingestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spreadLists(argv, ['--registry']), options, true);
  if (positionals.length === 0) throw new UsageError('ingest needs at least one FILE (or - for stdin)');
  const store = openSqliteStore(values.store ?? DEFAULT_STORE_PATH);
  try {
    const result = await runIngest(store, positionals, {
      ...(values.registry ? { registry: values.registry } : {}),
      ...(values.catalogue ? { catalogue: values.catalogue } : {}),
      quiet: values.quiet ?? false,
      command: 'ingest',
      args: argv,
    });
    if (result.interrupted) {
      console.error(`redline ingest: interrupted; ${store.location} keeps what was stored, and the same command resumes`);
      return 130;
    }
    if (!values.quiet) {
      const c = await store.counts();
      console.error(`${store.location}: ${c.sources} sources, ${c.positions} positions, ${c.assets} assets, ${c.quarantine} quarantined records`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
