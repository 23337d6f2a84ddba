/**
 * `redline fetch dma` end to end against a local HTTP server (node:http on 127.0.0.1, an ephemeral
 * port) standing in for the Danish Maritime Authority's archive: never the internet. The archive's
 * files are built here the way the DMA publishes them, a zip holding a day's CSV, from the real NMEA
 * recordings converted to DMA CSV (src/observations/dma-csv/from-nmea.ts) and zipped with Info-ZIP's
 * `zip`. What the store must hold after a fetch is the DMA CSV reader's own reading of that CSV, done
 * here without any download or store.
 */
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DmaCsvReader } from '../src/observations/dma-csv/reader.js';
import { convertNmeaFileToDmaCsv } from '../src/observations/dma-csv/from-nmea.js';
import { feedLines } from '../src/observations/input/lines.js';
import { emptyObservationSet, type ReadSummary } from '../src/observations/model.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { runChild, runCli } from './support/child.js';

const cli = resolve('dist/src/cli/main.js');
const shared = resolve('../shared/data');

let dir: string;
let server: Server;
let base: string;
/** Served files by URL path; a status instead of a file answers with that status. */
const routes = new Map<string, string | number>();
const requests: { url: string; headers: IncomingHttpHeaders }[] = [];

async function csvOf(nmea: string, csv: string): Promise<ReadSummary> {
  await convertNmeaFileToDmaCsv(nmea, csv);
  return feedLines(createReadStream(csv), new DmaCsvReader(emptyObservationSet(), 'expected'), { encoding: 'utf8' });
}

async function zipOf(zip: string, files: string[]): Promise<void> {
  const r = await runChild('zip', ['-q', '-j', '-X', zip, ...files]);
  expect(r.code, r.stderr).toBe(0);
}

let day: ReadSummary;
let dayZip: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redline-fetch-'));
  const files = join(dir, 'archive');
  mkdirSync(files);
  // A daily file of 2013-11-12 (the AisAbnormal sample was recorded that day) ...
  day = await csvOf(join(shared, 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz'), join(files, 'aisdk-2013-11-12.csv'));
  dayZip = join(files, 'aisdk-2013-11-12.zip');
  await zipOf(dayZip, [join(files, 'aisdk-2013-11-12.csv')]);
  // ... and a monthly file of 2010-06 holding two days, as the archive publishes older years.
  await csvOf(join(shared, 'dma-aislib-stream_example_2010-06-11.nmea'), join(files, 'aisdk-2010-06-11.csv'));
  await csvOf(join(shared, 'dma-aislib-replay_dump_2013-03-18.nmea'), join(files, 'aisdk-2010-06-12.csv'));
  await zipOf(join(files, 'aisdk-2010-06.zip'), [join(files, 'aisdk-2010-06-11.csv'), join(files, 'aisdk-2010-06-12.csv')]);
  routes.set('/aisdata/aisdk-2013-11-12.zip', dayZip);
  routes.set('/aisdata/aisdk-2010-06.zip', join(files, 'aisdk-2010-06.zip'));
  routes.set('/aisdata/aisdk-2020-01-01.zip', 500);

  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    const route = routes.get(req.url ?? '');
    if (route === undefined || typeof route === 'number') {
      res.writeHead(route ?? 404, { 'content-type': 'text/plain' }).end(route ? 'server error' : 'not found');
      return;
    }
    const body = readFileSync(route);
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      const from = Number(range[1]);
      if (from >= body.length) return void res.writeHead(416).end();
      res.writeHead(206, { 'content-length': body.length - from, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` }).end(body.subarray(from));
      return;
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/zip' }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aisdata/`;
});

afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

const fetchDma = (date: string, ...more: string[]) => runCli(cli, ['fetch', 'dma', '--date', date, '--base-url', base, ...more]);

describe('redline fetch dma', () => {
  it("downloads a day's zip and ingests its CSV", async () => {
    const db = join(dir, 'day.db');
    const r = await fetchDma('2013-11-12', '--store', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`read aisdk-2013-11-12.zip/aisdk-2013-11-12.csv: ${day.read} = accepted ${day.accepted} + quarantined ${day.quarantined}`);
    const store = new SqliteStore(db);
    const [source] = await store.sources();
    expect(source).toMatchObject({ name: 'aisdk-2013-11-12.zip/aisdk-2013-11-12.csv', status: 'done', positionsWritten: day.positions, format: 'dma-csv' });
    await store.close();
  });

  it('falls back to the monthly file on 404, says so, and ingests only the day asked for', async () => {
    const db = join(dir, 'month.db');
    const r = await fetchDma('2010-06-11', '--store', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('aisdk-2010-06-11.zip: not in the archive (HTTP 404); older data come as one file a month: trying aisdk-2010-06.zip');
    const store = new SqliteStore(db);
    expect((await store.sources()).map((s) => s.name)).toEqual(['aisdk-2010-06.zip/aisdk-2010-06-11.csv']);
    await store.close();
  });

  it('resumes a partial download kept with --keep, with a Range request', async () => {
    const keep = join(dir, 'keep');
    mkdirSync(keep);
    const whole = readFileSync(dayZip);
    const half = Math.floor(whole.length / 2);
    writeFileSync(join(keep, 'aisdk-2013-11-12.zip.part'), whole.subarray(0, half));
    requests.length = 0;
    const r = await fetchDma('2013-11-12', '--store', join(dir, 'resume.db'), '--keep', keep);
    expect(r.code, r.stderr).toBe(0);
    expect(requests.map((q) => q.headers.range)).toEqual([`bytes=${half}-`]);
    expect(r.stderr).toContain(`resumed after ${half} bytes`);
    expect(readFileSync(join(keep, 'aisdk-2013-11-12.zip')).equals(whole)).toBe(true);
    // Kept whole, the file is not downloaded again.
    requests.length = 0;
    const again = await fetchDma('2013-11-12', '--store', join(dir, 'resume.db'), '--keep', keep);
    expect(again.code, again.stderr).toBe(0);
    expect(requests).toEqual([]);
    expect(again.stderr).toMatch(/already downloaded/);
    expect(again.stderr).toMatch(/^skip aisdk-2013-11-12\.zip\/aisdk-2013-11-12\.csv: already ingested/m);
  });

  it('says what went wrong on an HTTP error, a missing day and month, and a network failure, without a stack trace', async () => {
    const err = await fetchDma('2020-01-01', '--store', join(dir, 'err.db'));
    expect(err.code).toBe(1);
    expect(err.stderr).toContain(`${base}aisdk-2020-01-01.zip: the server answered HTTP 500 Internal Server Error`);
    const gone = await fetchDma('2009-01-05', '--store', join(dir, 'err.db'));
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`the archive at ${base} has neither aisdk-2009-01-05.zip nor aisdk-2009-01.zip (HTTP 404 for both)`);
    // A port nothing listens on: the server's, once closed, is the surest such port here.
    const idle = createServer();
    await new Promise<void>((ok) => idle.listen(0, '127.0.0.1', ok));
    const port = (idle.address() as AddressInfo).port;
    await new Promise((ok) => idle.close(ok));
    const down = await runCli(cli, ['fetch', 'dma', '--date', '2013-11-12', '--base-url', `http://127.0.0.1:${port}/`, '--store', join(dir, 'err.db')]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`http://127.0.0.1:${port}/aisdk-2013-11-12.zip: network error: ECONNREFUSED`);
    for (const r of [err, gone, down]) expect(r.stderr).not.toMatch(/^\s+at /m);
    const usage = await runCli(cli, ['fetch', 'dma', '--date', '2013-02-30']);
    expect(usage.code).toBe(2);
  });
});
