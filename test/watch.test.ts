/**
 * `redline watch` fed the real AIS recorded by the Danish Maritime Authority (all four DMA files in
 * ../shared/data, concatenated in date order) live, over TCP and over stdin, against a test scenario
 * (test/fixtures/watch-baltic-*.yaml) that makes some real Russian-flagged merchants "warships", so
 * that there are breaches and risks.
 *
 * What is asserted: findings are printed while the stream is still open (the feed pauses half way
 * and only goes on once a breach has been printed), updates carry the live id of a finding printed
 * before, and the final findings are byte for byte what `redline check` writes on the same bytes
 * with the same options. The expected output is `check`'s own (the batch command run here on the
 * same file), not figures the watch produced.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../src/cli/commands/check.js';
import { runWatch } from '../src/cli/commands/watch.js';

const shared = resolve('../shared/data');
const files = ['dma-aislib-stream_example_2010-06-11.nmea', 'dma-aislib-replay_dump_2013-03-18.nmea', 'dma-aisabnormal-ais-sample_2013-11-12.nmea.gz', 'dma-aisabnormal-538004030_drift_1.nmea'];
const scenario = ['--agreement', 'test/fixtures/watch-baltic-agreement.yaml', '--registry', 'data/demo/registry.yaml', 'test/fixtures/watch-baltic-registry.yaml'];

let dir: string;
let feedPath: string;
let feed: Buffer;
let server: Server | undefined;

/** Collects what the command writes, line by line, and lets a test wait for a line. */
class Sink extends Writable {
  text = '';
  private waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];
  override _write(chunk: Buffer | string, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    this.waiters = this.waiters.filter((w) => (w.test(this.text) ? (w.resolve(), false) : true));
    cb();
  }
  until(test: (s: string) => boolean, what: string): Promise<void> {
    if (test(this.text)) return Promise.resolve();
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`nothing printed before the end of the stream: waited for ${what}`)), 20_000);
      this.waiters.push({ test, resolve: () => (clearTimeout(timer), res()) });
    });
  }
}

async function batch(format: string): Promise<string> {
  const out = join(dir, `check.${format}`);
  const code = await checkCommand(['--observations', feedPath, ...scenario, '--format', format, '--out', out]);
  expect(code).toBe(0);
  return readFileSync(out, 'utf8');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'redline-watch-'));
  feed = Buffer.concat(files.map((f) => (f.endsWith('.gz') ? gunzipSync(readFileSync(join(shared, f))) : readFileSync(join(shared, f)))));
  feedPath = join(dir, 'feed.nmea');
  writeFileSync(feedPath, feed);
});

afterAll(() => server?.close());

/**
 * Where the 2013-11-12 sample (the one with FGS ALSTER) reaches 12:03:00 ($PGHP receive times):
 * by then the two ships have been under 85 km apart (the batch finding's period starts at 12:00).
 */
function halfway(): number {
  return feed.indexOf('$PGHP,1,2013,11,12,12,3,0,');
}

describe('redline watch', () => {
  it('over TCP: prints findings as they happen and ends with exactly the batch findings', async () => {
    const expected = await batch('json');
    expect(expected).toMatch(/"verdict": "breach"/);
    expect(expected).toMatch(/"verdict": "risk"/);
    const stdout = new Sink();
    const stderr = new Sink();
    let printedBeforeEnd = '';
    const port: number = await new Promise((res) => {
      server = createServer((sock) => {
        void (async () => {
          const cut = halfway();
          sock.write(feed.subarray(0, cut));
          // The feed goes on only once a breach of the scenario's separation has been printed.
          await stdout.until((s) => /"event":"(new|update)","liveId":"test-watch-baltic\/approach-distance\/[^"]+","at":[^\n]*"verdict":"breach"/.test(s), 'a separation breach');
          printedBeforeEnd = stdout.text;
          sock.end(feed.subarray(cut));
        })();
      });
      server.listen(0, '127.0.0.1', () => res((server!.address() as AddressInfo).port));
    });
    const out = join(dir, 'watch.json');
    const r = await runWatch([...scenario, '--tcp', `127.0.0.1:${port}`, '--name', 'feed.nmea', '--format', 'json', '--out', out], { stdout, stderr });
    expect(readFileSync(out, 'utf8')).toBe(expected);

    const before = printedBeforeEnd.trim().split('\n').map((l) => JSON.parse(l) as { event: string; liveId: string; finding: { verdict: string } });
    expect(before.filter((e) => e.finding.verdict === 'breach').length).toBeGreaterThan(0);
    const all = stdout.text.trim().split('\n').map((l) => JSON.parse(l) as { event: string; liveId: string });
    expect(all.length).toBe(r.events);
    // Every update and withdrawal names a finding that was announced before it.
    const announced = new Set<string>();
    for (const e of all) {
      if (e.event === 'new') announced.add(e.liveId);
      else expect(announced.has(e.liveId), `${e.event} of ${e.liveId}`).toBe(true);
    }
    expect(all.some((e) => e.event === 'update')).toBe(true);
    expect(r.evaluations).toBeGreaterThan(2);
    expect(stderr.text).toMatch(/^read feed\.nmea: \d+ records = \d+ accepted \+ 0 quarantined/m);
  });

  it('over stdin (gzip, table format): the same final table as check', async () => {
    const expected = await batch('table');
    const stdin = new PassThrough();
    const stdout = new Sink();
    const out = join(dir, 'watch.table');
    const run = runWatch([...scenario, '-', '--name', 'feed.nmea', '--out', out, '--every', '2000'], { stdout, stderr: new Sink(), stdin });
    // One gzip stream written in two parts, the second only once something has been printed.
    const gz = gzipSync(feed);
    const cut = gz.length >> 1;
    stdin.write(gz.subarray(0, cut));
    await stdout.until((s) => / NEW +breach /.test(s), 'a breach line');
    expect(stdout.text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z NEW +breach +test-watch-baltic\//m);
    stdin.end(gz.subarray(cut));
    await run;
    expect(readFileSync(out, 'utf8')).toBe(expected);
  });
});
