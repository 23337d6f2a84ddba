/**
 * `redline fetch dma --date YYYY-MM-DD [--store PATH] [--keep DIR] [--base-url URL] [--quiet]`:
 * downloads one day of the Danish Maritime Authority's public AIS archive and ingests it.
 *
 * The archive (https://web.ais.dk/aisdata/, linked from the DMA's "AIS data" page) lists one zip a
 * day, `aisdk-YYYY-MM-DD.zip` (e.g. aisdk-2024-09-16.zip), each holding one CSV; older years are
 * published as one zip a month, `aisdk-YYYY-MM.zip`, holding the month's daily CSVs. Checked against
 * public code that downloads from it: the README of github.com/larsskaret/ais-pipeline links the
 * index, and downloaders elsewhere parse both `aisdk-2007-04.zip` (monthly) and
 * `aisdk-2007-04-03.zip` (daily) names and fall back to the month when a day is missing. So: the day
 * first, the month on 404, and from a month only that day's CSV is ingested.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../observations/load.js';
import { DEFAULT_STORE_PATH, openSqliteStore } from '../../store/sqlite.js';
import { parse, spreadLists, UsageError } from '../args.js';
import { startProgress } from '../progress.js';
import { runIngest } from './ingest.js';

export const DMA_ARCHIVE_URL = 'https://web.ais.dk/aisdata/';

const options = {
  date: { type: 'string' },
  store: { type: 'string', default: DEFAULT_STORE_PATH },
  keep: { type: 'string' },
  'base-url': { type: 'string', default: DMA_ARCHIVE_URL },
  registry: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const;

export const fetchHelp =
  'fetch dma --date YYYY-MM-DD [--store PATH] [--keep DIR] [--base-url URL] [--registry FILE]... [--quiet]\n' +
  "        download that day's AIS from the Danish Maritime Authority's archive (the month's file for older\n" +
  '        data) and ingest it; --keep DIR keeps the zip there and resumes a partial download';

class HttpNotFound extends Error {}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Bytes that were already on disk from an earlier, interrupted download. */
  resumedFrom: number;
  /** The file was already there whole (kept from an earlier fetch): nothing was downloaded. */
  cached: boolean;
}

/**
 * Downloads `url` to `path` through `path.part`, resuming a partial file with a Range request. The
 * file gets its final name only when whole, so a file under that name is a complete download.
 */
export async function download(url: string, path: string, o: { signal?: AbortSignal; quiet?: boolean; label?: string } = {}): Promise<DownloadResult> {
  if (existsSync(path)) return { path, bytes: statSync(path).size, resumedFrom: 0, cached: true };
  const part = `${path}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  let res: Response;
  try {
    res = await fetch(url, { ...(o.signal ? { signal: o.signal } : {}), headers: have > 0 ? { range: `bytes=${have}-` } : {}, redirect: 'follow' });
  } catch (e) {
    throw networkError(url, e);
  }
  if (res.status === 404) {
    await res.body?.cancel();
    throw new HttpNotFound(`${url}: not found (HTTP 404)`);
  }
  // 416: the partial file is already whole (the last run stopped between the last byte and the rename).
  if (res.status === 416 && have > 0) {
    await res.body?.cancel();
    renameSync(part, path);
    return { path, bytes: have, resumedFrom: have, cached: false };
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new InputError(`${url}: the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
  const resumed = res.status === 206 ? have : 0;
  const length = Number(res.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) ? resumed + length : undefined;
  const out = createWriteStream(part, { flags: resumed > 0 ? 'a' : 'w' });
  const bar = o.quiet ? undefined : startProgress({ label: o.label ?? `downloading ${url}`, total, unit: 'bytes' });
  let bytes = resumed;
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        if (!out.write(chunk)) await once(out, 'drain');
        bar?.update(bytes, bytes);
      }
    }
  } catch (e) {
    throw networkError(url, e);
  } finally {
    bar?.stop();
    out.end();
    await once(out, 'close');
  }
  if (total !== undefined && bytes !== total) throw new InputError(`${url}: the download ended after ${bytes} of ${total} bytes; run again to resume`);
  renameSync(part, path);
  return { path, bytes, resumedFrom: resumed, cached: false };
}

function networkError(url: string, e: unknown): Error {
  if ((e as Error).name === 'AbortError') return new InputError(`${url}: download interrupted; run again with --keep DIR to resume`);
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ? `${cause.code}${cause.message ? ` (${cause.message})` : ''}` : (e as Error).message;
  return new InputError(`${url}: network error: ${detail}`);
}

export async function fetchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(spreadLists(argv, ['--registry']), options, true);
  const [what, ...extra] = positionals;
  if (what !== 'dma' || extra.length) throw new UsageError('fetch knows one archive: `redline fetch dma --date YYYY-MM-DD`');
  const date = values.date;
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new UsageError(`fetch dma needs --date YYYY-MM-DD (a real date), not ${date === undefined ? 'nothing' : `"${date}"`}`);
  }
  const base = (values['base-url'] ?? DMA_ARCHIVE_URL).replace(/\/?$/, '/');
  const quiet = values.quiet ?? false;
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'redline-fetch-'));
  mkdirSync(dir, { recursive: true });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    let file: DownloadResult;
    let entryFilter: ((name: string) => boolean) | undefined;
    const daily = `aisdk-${date}.zip`;
    try {
      file = await download(base + daily, join(dir, daily), { signal: controller.signal, quiet, label: `downloading ${daily}` });
    } catch (e) {
      if (!(e instanceof HttpNotFound)) throw e;
      const monthly = `aisdk-${date.slice(0, 7)}.zip`;
      console.error(`${daily}: not in the archive (HTTP 404); older data come as one file a month: trying ${monthly}, of which only ${date} is ingested`);
      try {
        file = await download(base + monthly, join(dir, monthly), { signal: controller.signal, quiet, label: `downloading ${monthly}` });
      } catch (e2) {
        if (e2 instanceof HttpNotFound) throw new InputError(`the archive at ${base} has neither ${daily} nor ${monthly} (HTTP 404 for both)`);
        throw e2;
      }
      entryFilter = (name) => name.includes(date);
    }
    if (!quiet) {
      const how = file.cached ? 'already downloaded' : file.resumedFrom > 0 ? `downloaded, resumed after ${file.resumedFrom} bytes` : 'downloaded';
      console.error(`${file.path}: ${file.bytes} bytes (${how})`);
    }
    const store = openSqliteStore(values.store ?? DEFAULT_STORE_PATH);
    try {
      const result = await runIngest(store, [file.path], {
        ...(values.registry ? { registry: values.registry } : {}),
        ...(entryFilter ? { entries: entryFilter } : {}),
        quiet,
        command: 'fetch',
        args: argv,
      });
      if (result.entries.length === 0 && entryFilter) throw new InputError(`${file.path}: holds no file for ${date}`);
      if (result.interrupted) {
        console.error(`redline fetch: interrupted; the same command resumes${values.keep ? '' : ' (downloading again: use --keep DIR to keep the file)'}`);
        return 130;
      }
    } finally {
      await store.close();
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}
